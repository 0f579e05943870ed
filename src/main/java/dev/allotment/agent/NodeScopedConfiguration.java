package dev.allotment.agent;

import dev.allotment.api.ContainerReservation;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.dependent.DependentResourceSpec;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.config.workflow.WorkflowSpec;
import io.javaoperatorsdk.operator.processing.event.rate.RateLimiter;
import io.javaoperatorsdk.operator.processing.retry.Retry;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The reconciler's configuration, restricted to one node's reservations. With a real API server the informer asks
 * for them with a field selector on {@code spec.nodeName} (the CRD's selectable field); servers that ignore such
 * selectors (the embedded one) get a client-side filter instead. JOSDK 5.2's overrider cannot set a field selector,
 * hence this delegating configuration.
 */
final class NodeScopedConfiguration implements ControllerConfiguration<ContainerReservation> {
    enum Selection { FIELD_SELECTOR, CLIENT_FILTER }

    private final ControllerConfiguration<ContainerReservation> base;
    private final InformerConfiguration<ContainerReservation> informer;

    NodeScopedConfiguration(ControllerConfiguration<ContainerReservation> base, String nodeName, Selection selection) {
        this.base = base;
        InformerConfiguration<ContainerReservation>.Builder builder = InformerConfiguration.builder(base.getInformerConfig());
        if (selection == Selection.FIELD_SELECTOR) {
            builder.withFieldSelector(new FieldSelector(new FieldSelector.Field("spec.nodeName", nodeName)));
        }
        builder.withGenericFilter(r -> r.getSpec() != null && nodeName.equals(r.getSpec().getNodeName()));
        this.informer = builder.build();
    }

    @Override
    public InformerConfiguration<ContainerReservation> getInformerConfig() {
        return informer;
    }

    @Override
    public String getName() {
        return base.getName();
    }

    @Override
    public String getFinalizerName() {
        return base.getFinalizerName();
    }

    @Override
    public boolean isGenerationAware() {
        return base.isGenerationAware();
    }

    @Override
    public String getAssociatedReconcilerClassName() {
        return base.getAssociatedReconcilerClassName();
    }

    @Override
    public Retry getRetry() {
        return base.getRetry();
    }

    @Override
    public RateLimiter getRateLimiter() {
        return base.getRateLimiter();
    }

    @Override
    public Optional<WorkflowSpec> getWorkflowSpec() {
        return base.getWorkflowSpec();
    }

    @Override
    public Optional<Duration> maxReconciliationInterval() {
        return base.maxReconciliationInterval();
    }

    @Override
    public ConfigurationService getConfigurationService() {
        return base.getConfigurationService();
    }

    @Override
    public Set<String> getEffectiveNamespaces() {
        return base.getEffectiveNamespaces();
    }

    @Override
    public String fieldManager() {
        return base.fieldManager();
    }

    @Override
    public boolean triggerReconcilerOnAllEvents() {
        return base.triggerReconcilerOnAllEvents();
    }

    @Override
    public <C> C getConfigurationFor(DependentResourceSpec<?, ContainerReservation, C> spec) {
        return base.getConfigurationFor(spec);
    }

    @Override
    public Class<ContainerReservation> getResourceClass() {
        return base.getResourceClass();
    }
}
