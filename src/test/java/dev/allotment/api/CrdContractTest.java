package dev.allotment.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committed CRDs carry what design.md's contract promises. */
class CrdContractTest {
    private static CustomResourceDefinitionVersion load(String name) throws IOException {
        CustomResourceDefinition crd = Serialization.unmarshal(
                Files.readString(Path.of("crds", name + ".yaml")), CustomResourceDefinition.class);
        assertThat(crd.getSpec().getVersions()).hasSize(1);
        return crd.getSpec().getVersions().get(0);
    }

    private static CustomResourceDefinition crd(String name) throws IOException {
        return Serialization.unmarshal(Files.readString(Path.of("crds", name + ".yaml")),
                CustomResourceDefinition.class);
    }

    private static JSONSchemaProps spec() throws IOException {
        return load("containerreservations.allotment.dev").getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    }

    @Test
    void containerReservationHasItsNamesScopeAndStatusSubresource() throws IOException {
        CustomResourceDefinition crd = crd("containerreservations.allotment.dev");
        assertThat(crd.getSpec().getGroup()).isEqualTo("allotment.dev");
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("containerreservations");
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("cres");
        assertThat(crd.getSpec().getNames().getCategories()).containsExactly("allotment");
        CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
        assertThat(version.getName()).isEqualTo("v1alpha1");
        assertThat(version.getSubresources().getStatus()).isNotNull();
    }

    @Test
    void reservationPoolIsClusterScopedWithItsShortName() throws IOException {
        CustomResourceDefinition crd = crd("reservationpools.allotment.dev");
        assertThat(crd.getSpec().getScope()).isEqualTo("Cluster");
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("rpool");
        assertThat(crd.getSpec().getNames().getCategories()).containsExactly("allotment");
        assertThat(crd.getSpec().getVersions().get(0).getSubresources().getStatus()).isNotNull();
    }

    @Test
    void printerColumnsAreNodePhaseIpPortsAgeThenWideOnes() throws IOException {
        List<CustomResourceColumnDefinition> columns = load("containerreservations.allotment.dev")
                .getAdditionalPrinterColumns();
        assertThat(columns).extracting(CustomResourceColumnDefinition::getName)
                .containsExactly("Node", "Phase", "IP", "Ports", "Age", "Container-ID", "Subnet");
        assertThat(columns).extracting(CustomResourceColumnDefinition::getPriority)
                .containsExactly(0, 0, 0, 0, 0, 1, 1);
        assertThat(columns.get(4).getType()).isEqualTo("date");
    }

    @Test
    void nodeNameIsASelectableField() throws IOException {
        assertThat(load("containerreservations.allotment.dev").getSelectableFields())
                .extracting(f -> f.getJsonPath()).containsExactly(".spec.nodeName");
    }

    @Test
    void everyImmutableFieldHasACelTransitionRule() throws IOException {
        List<String> messages = spec().getXKubernetesValidations().stream().map(ValidationRule::getMessage).toList();
        assertThat(messages).containsExactlyInAnyOrder("nodeName is immutable", "handle is immutable",
                "network is immutable", "privileged is immutable", "rootfs is immutable", "env is immutable",
                "bindMounts is immutable");
        assertThat(spec().getXKubernetesValidations()).allMatch(r -> r.getRule().contains("oldSelf"));
    }

    @Test
    void fieldsCarryTheValidatorsPatternsBoundsAndEnums() throws IOException {
        JSONSchemaProps spec = spec();
        assertThat(spec.getRequired()).containsExactly("nodeName");
        assertThat(spec.getProperties().get("handle").getPattern()).isEqualTo(SpecPatterns.HANDLE);
        assertThat(spec.getProperties().get("network").getPattern()).isEqualTo(SpecPatterns.NETWORK);
        assertThat(spec.getProperties().get("rootfs").getPattern()).isEqualTo(SpecPatterns.ROOTFS);
        assertThat(spec.getProperties().get("rootfs").getXKubernetesValidations()).hasSize(1);
        assertThat(spec.getProperties().get("env").getItems().getSchema().getPattern())
                .isEqualTo(SpecPatterns.ENV_ENTRY);

        JSONSchemaProps mount = spec.getProperties().get("bindMounts").getItems().getSchema();
        assertThat(mount.getRequired()).containsExactlyInAnyOrder("srcPath", "dstPath");
        for (String path : List.of("srcPath", "dstPath")) {
            assertThat(mount.getProperties().get(path).getPattern()).isEqualTo(SpecPatterns.ABSOLUTE_PATH);
            assertThat(mount.getProperties().get(path).getXKubernetesValidations()).hasSize(1);
        }
        assertThat(mount.getProperties().get("mode").getEnum()).extracting(Object::toString)
                .containsExactlyInAnyOrder("\"RO\"", "\"RW\"");

        JSONSchemaProps netIn = spec.getProperties().get("netIn").getItems().getSchema();
        assertThat(netIn.getProperties().get("hostPort").getMinimum()).isEqualTo(0.0);
        assertThat(netIn.getProperties().get("hostPort").getMaximum()).isEqualTo(65535.0);
        assertThat(netIn.getProperties().get("containerPort").getMinimum()).isEqualTo(1.0);
        assertThat(netIn.getProperties().get("containerPort").getMaximum()).isEqualTo(65535.0);
        assertThat(netIn.getProperties().get("protocol").getEnum()).extracting(Object::toString)
                .containsExactlyInAnyOrder("\"tcp\"", "\"udp\"");

        JSONSchemaProps netOut = spec.getProperties().get("netOut").getItems().getSchema();
        assertThat(netOut.getProperties().get("protocol").getEnum()).extracting(Object::toString)
                .containsExactlyInAnyOrder("\"all\"", "\"tcp\"", "\"udp\"", "\"icmp\"");
        assertThat(netOut.getProperties().get("networks").getItems().getSchema().getPattern())
                .isEqualTo(SpecPatterns.NET_OUT_NETWORK);
        assertThat(netOut.getProperties().get("ports").getItems().getSchema().getPattern())
                .isEqualTo(SpecPatterns.PORT_RANGE);
    }

    @Test
    void statusHasEveryContractField() throws IOException {
        JSONSchemaProps status = load("containerreservations.allotment.dev").getSchema().getOpenAPIV3Schema()
                .getProperties().get("status");
        assertThat(status.getProperties()).containsKeys("observedGeneration", "phase", "conditions", "containerId",
                "containerPath", "rootfsPath", "rootUid", "network", "netIn");
        assertThat(status.getProperties().get("network").getProperties()).containsKeys("netns", "subnet", "ip",
                "gateway", "bridge", "hostInterface", "containerInterface", "mtu", "externalIp");
    }
}
