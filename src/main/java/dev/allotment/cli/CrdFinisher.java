package dev.allotment.cli;

import dev.allotment.api.ContainerReservation;
import dev.allotment.api.ReservationPool;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Build step run after fabric8's CRD generator: the generator sorts printer columns by JSON path, while kubectl
 * shows them in CRD order, so this puts them back in the order the annotations are declared and writes the result
 * as {@code <plural>.<group>.yaml}.
 */
public final class CrdFinisher {
    static final String HEADER = "# Generated from the classes in dev.allotment.api by fabric8's crd-generator and"
            + " dev.allotment.cli.CrdFinisher.\n# Do not edit: run scripts/gen-crds.\n";

    private CrdFinisher() {
    }

    public static void main(String[] args) throws IOException {
        Path generated = Path.of(args[0]);
        Path output = Path.of(args[1]);
        Files.createDirectories(output);
        for (Class<? extends CustomResource<?, ?>> type : List.of(ContainerReservation.class, ReservationPool.class)) {
            String name = CustomResource.getCRDName(type);
            CustomResourceDefinition crd = Serialization.unmarshal(
                    Files.readString(generated.resolve(name + "-v1.yml")), CustomResourceDefinition.class);
            orderPrinterColumns(crd, type);
            Files.writeString(output.resolve(name + ".yaml"), HEADER + Serialization.asYaml(crd),
                    StandardCharsets.UTF_8);
        }
    }

    static void orderPrinterColumns(CustomResourceDefinition crd, Class<?> type) {
        List<String> declared = Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name)
                .toList();
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            version.getAdditionalPrinterColumns()
                    .sort(Comparator.comparingInt((CustomResourceColumnDefinition c) -> declared.indexOf(c.getName())));
        }
    }
}
