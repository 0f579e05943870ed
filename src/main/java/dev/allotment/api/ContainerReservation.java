package dev.allotment.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalSelectableField;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

@Group(ContainerReservation.GROUP)
@Version(ContainerReservation.VERSION)
@Kind("ContainerReservation")
@Plural("containerreservations")
@ShortNames("cres")
@Categories("allotment")
@AdditionalSelectableField(jsonPath = ".spec.nodeName")
@AdditionalPrinterColumn(name = "Node", jsonPath = ".spec.nodeName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "IP", jsonPath = ".status.network.ip", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ports", jsonPath = ".status.netIn[*].hostPort", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Container-ID", jsonPath = ".status.containerId", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Subnet", jsonPath = ".status.network.subnet", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
public class ContainerReservation extends CustomResource<ContainerReservationSpec, ContainerReservationStatus>
        implements Namespaced {
    public static final String GROUP = "allotment.dev";
    public static final String VERSION = "v1alpha1";
}
