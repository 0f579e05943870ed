package dev.allotment.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.allotment.api.ContainerReservation;
import dev.allotment.api.ContainerReservationSpec;
import dev.allotment.api.ContainerReservationStatus;
import dev.allotment.api.Phase;
import dev.allotment.api.ReservationPool;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded server behaves as the agent and its users expect an API server to, through the fabric8 client. */
class EmbeddedApiServerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static EmbeddedApiServer server;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        server = EmbeddedApiServer.start();
        client = new KubernetesClientBuilder().withConfig(server.clientConfig()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static ContainerReservation reservation(String name, String node) {
        ContainerReservation r = new ContainerReservation();
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
        ContainerReservationSpec spec = new ContainerReservationSpec();
        spec.setNodeName(node);
        r.setSpec(spec);
        return r;
    }

    private static ContainerReservation create(String name) {
        return client.resource(reservation(name, "node-a")).create();
    }

    private static ContainerReservation get(String name) {
        return client.resources(ContainerReservation.class).inNamespace("default").withName(name).get();
    }

    @Test
    void createsListsAndGetsReservations() {
        create("list-a");
        create("list-b");

        assertThat(client.resources(ContainerReservation.class).inNamespace("default").list().getItems())
                .extracting(r -> r.getMetadata().getName()).contains("list-a", "list-b");
        assertThat(get("list-a").getSpec().getNodeName()).isEqualTo("node-a");
        assertThat(client.resources(ContainerReservation.class).inNamespace("default").withName("missing").get())
                .isNull();
    }

    @Test
    void setsRandomUidCreationTimestampGenerationAndResourceVersionOnCreate() {
        ContainerReservation first = create("meta-a");
        ContainerReservation second = create("meta-b");

        assertThat(first.getMetadata().getUid()).matches("[0-9a-f-]{36}").isNotEqualTo(second.getMetadata().getUid())
                .doesNotStartWith("00000000-0000-0000");
        assertThat(first.getMetadata().getCreationTimestamp()).isNotBlank();
        assertThat(first.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(Long.parseLong(second.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(first.getMetadata().getResourceVersion()));
        assertThat(get("meta-a").getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());
    }

    @Test
    void bumpsGenerationWhenSpecChangesButNotForStatusOrMetadata() {
        create("gen");

        client.resources(ContainerReservation.class).inNamespace("default").withName("gen")
                .edit(r -> {
                    r.getSpec().setProperties(Map.of("a", "b"));
                    return r;
                });
        assertThat(get("gen").getMetadata().getGeneration()).isEqualTo(2L);

        ContainerReservation labelled = get("gen");
        labelled.getMetadata().setLabels(Map.of("x", "y"));
        client.resource(labelled).update();
        setStatus("gen", Phase.Ready);

        ContainerReservation after = get("gen");
        assertThat(after.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(after.getStatus().getPhase()).isEqualTo(Phase.Ready);
        assertThat(after.getMetadata().getLabels()).containsEntry("x", "y");
    }

    @Test
    void statusSubresourceChangesOnlyStatusAndTheMainEndpointIgnoresStatus() {
        create("status-sub");
        ContainerReservation withSpecChange = get("status-sub");
        withSpecChange.getSpec().setGraceTime("30s");
        withSpecChange.setStatus(status(Phase.Ready));
        client.resource(withSpecChange).updateStatus();

        ContainerReservation afterStatusUpdate = get("status-sub");
        assertThat(afterStatusUpdate.getStatus().getPhase()).isEqualTo(Phase.Ready);
        assertThat(afterStatusUpdate.getSpec().getGraceTime()).isNull();

        afterStatusUpdate.getStatus().setPhase(Phase.Failed);
        afterStatusUpdate.getSpec().setGraceTime("1m");
        client.resource(afterStatusUpdate).update();

        ContainerReservation afterMainUpdate = get("status-sub");
        assertThat(afterMainUpdate.getStatus().getPhase()).isEqualTo(Phase.Ready);
        assertThat(afterMainUpdate.getSpec().getGraceTime()).isEqualTo("1m");
    }

    @Test
    void patchStatusWritesStatusThroughTheSubresource() {
        ContainerReservation created = create("patch-status");
        created.setStatus(status(Phase.Pending));

        client.resource(created).patchStatus();

        assertThat(get("patch-status").getStatus().getPhase()).isEqualTo(Phase.Pending);
        assertThat(get("patch-status").getMetadata().getGeneration()).isEqualTo(1L);
    }

    @Test
    void mergePatchReplacesListsAndNullDeletes() {
        ContainerReservation r = reservation("merge", "node-a");
        r.getSpec().setEnv(List.of("A=1", "B=2"));
        r.getSpec().setProperties(Map.of("keep", "1", "drop", "2"));
        client.resource(r).create();

        client.resources(ContainerReservation.class).inNamespace("default").withName("merge")
                .patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"env\":[\"C=3\"],\"properties\":{\"drop\":null}}}");

        ContainerReservation patched = get("merge");
        assertThat(patched.getSpec().getEnv()).containsExactly("C=3");
        assertThat(patched.getSpec().getProperties()).containsOnlyKeys("keep");
        assertThat(patched.getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void keepsADeletedReservationUntilItsFinalizerIsRemoved() {
        ContainerReservation r = reservation("final", "node-a");
        r.getMetadata().setFinalizers(List.of("allotment.dev/agent"));
        client.resource(r).create();

        client.resources(ContainerReservation.class).inNamespace("default").withName("final").delete();

        ContainerReservation deleting = get("final");
        assertThat(deleting).isNotNull();
        assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotBlank();

        client.resources(ContainerReservation.class).inNamespace("default").withName("final")
                .edit(x -> {
                    x.getMetadata().setFinalizers(List.of());
                    return x;
                });
        assertThat(get("final")).isNull();
    }

    @Test
    void dryRunsStoreNothing() {
        create("dry");

        ContainerReservation preview = client.resources(ContainerReservation.class).inNamespace("default")
                .withName("dry").dryRun().patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"graceTime\":\"5s\"}}");
        client.resources(ContainerReservation.class).inNamespace("default").withName("dry").dryRun().delete();

        assertThat(preview.getSpec().getGraceTime()).isEqualTo("5s");
        assertThat(get("dry")).isNotNull();
        assertThat(get("dry").getSpec().getGraceTime()).isNull();
    }

    @Test
    void watchReceivesAddedModifiedAndDeleted() {
        List<String> events = new CopyOnWriteArrayList<>();
        Watch watch = client.resources(ContainerReservation.class).inNamespace("default")
                .withLabel("watch", "me").watch(recorder(events));
        try {
            ContainerReservation r = reservation("watched", "node-a");
            r.getMetadata().setLabels(Map.of("watch", "me"));
            client.resource(r).create();
            setStatus("watched", Phase.Ready);
            client.resources(ContainerReservation.class).inNamespace("default").withName("watched").delete();

            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(events).containsExactly("ADDED watched", "MODIFIED watched", "DELETED watched"));
        } finally {
            watch.close();
        }
    }

    @Test
    void informerSeesExistingReservationsOnceAndLaterChanges() {
        create("informed-before");
        AtomicInteger addsOfExisting = new AtomicInteger();
        List<String> updated = new CopyOnWriteArrayList<>();
        SharedIndexInformer<ContainerReservation> informer = client.resources(ContainerReservation.class)
                .inNamespace("default").inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ContainerReservation r) {
                        if (r.getMetadata().getName().equals("informed-before")) {
                            addsOfExisting.incrementAndGet();
                        }
                    }

                    @Override
                    public void onUpdate(ContainerReservation before, ContainerReservation after) {
                        updated.add(after.getMetadata().getName());
                    }

                    @Override
                    public void onDelete(ContainerReservation r, boolean unknownFinalState) {
                    }
                });
        try {
            await().atMost(WAIT).until(informer::hasSynced);
            setStatus("informed-before", Phase.Ready);

            await().atMost(WAIT).untilAsserted(() -> assertThat(updated).contains("informed-before"));
            assertThat(addsOfExisting).hasValue(1);
            assertThat(informer.getStore().getByKey("default/informed-before").getStatus().getPhase())
                    .isEqualTo(Phase.Ready);
        } finally {
            informer.close();
        }
    }

    @Test
    void fieldSelectorOnNodeNameFiltersListsAndWatches() {
        client.resource(reservation("on-x", "node-x")).create();
        client.resource(reservation("on-y", "node-y")).create();
        List<String> events = new CopyOnWriteArrayList<>();

        assertThat(client.resources(ContainerReservation.class).inNamespace("default")
                .withField("spec.nodeName", "node-x").list().getItems())
                .extracting(r -> r.getMetadata().getName()).containsExactly("on-x");
        Watch watch = client.resources(ContainerReservation.class).inNamespace("default")
                .withField("spec.nodeName", "node-y").watch(recorder(events));
        try {
            client.resource(reservation("on-y2", "node-y")).create();
            client.resource(reservation("on-x2", "node-x")).create();

            await().atMost(WAIT).untilAsserted(() -> assertThat(events).contains("ADDED on-y2"));
            assertThat(events).doesNotContain("ADDED on-x", "ADDED on-x2");
        } finally {
            watch.close();
        }
    }

    @Test
    void storesClusterScopedReservationPools() {
        ReservationPool pool = new ReservationPool();
        pool.setMetadata(new ObjectMetaBuilder().withName("node-p").build());

        client.resource(pool).create();

        ReservationPool stored = client.resources(ReservationPool.class).withName("node-p").get();
        assertThat(stored.getMetadata().getNamespace()).isNull();
        assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(client.resources(ReservationPool.class).list().getItems())
                .extracting(p -> p.getMetadata().getName()).contains("node-p");
    }

    @Test
    void discoveryAnnouncesTheCustomResourcesWithNamesAndSubresources() {
        assertThat(client.getApiGroups().getGroups()).extracting(APIGroup::getName)
                .contains("allotment.dev", "apiextensions.k8s.io");
        APIResourceList resources = client.getApiResources("allotment.dev/v1alpha1");

        APIResource cres = find(resources, "containerreservations");
        assertThat(cres.getKind()).isEqualTo("ContainerReservation");
        assertThat(cres.getNamespaced()).isTrue();
        assertThat(cres.getShortNames()).containsExactly("cres");
        assertThat(cres.getCategories()).containsExactly("allotment");
        assertThat(cres.getVerbs()).contains("get", "list", "watch", "create", "update", "patch", "delete");
        assertThat(find(resources, "containerreservations/status").getVerbs()).contains("get", "patch", "update");
        APIResource rpool = find(resources, "reservationpools");
        assertThat(rpool.getNamespaced()).isFalse();
        assertThat(rpool.getShortNames()).containsExactly("rpool");
        assertThat(find(resources, "reservationpools/status")).isNotNull();
        assertThat(client.getApiResources("v1").getResources()).extracting(APIResource::getName)
                .contains("namespaces", "events");
        assertThat(client.getKubernetesVersion().getMajor()).isEqualTo("1");
        assertThat(client.namespaces().withName("default").get()).isNotNull();
    }

    @Test
    void refusesCustomResourcesWhoseCrdIsNotInstalled() {
        ResourceDefinitionContext widgets = new ResourceDefinitionContext.Builder().withGroup("example.com")
                .withVersion("v1").withKind("Widget").withPlural("widgets").withNamespaced(true).build();

        assertThatThrownBy(() -> client.genericKubernetesResources(widgets).inNamespace("default").list())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(404));
    }

    private static APIResource find(APIResourceList list, String name) {
        return list.getResources().stream().filter(r -> r.getName().equals(name)).findFirst().orElseThrow();
    }

    private static ContainerReservationStatus status(Phase phase) {
        ContainerReservationStatus status = new ContainerReservationStatus();
        status.setPhase(phase);
        return status;
    }

    private static void setStatus(String name, Phase phase) {
        client.resources(ContainerReservation.class).inNamespace("default").withName(name)
                .editStatus(r -> {
                    r.setStatus(status(phase));
                    return r;
                });
    }

    private static Watcher<ContainerReservation> recorder(List<String> events) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, ContainerReservation r) {
                events.add(action + " " + r.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        };
    }
}
