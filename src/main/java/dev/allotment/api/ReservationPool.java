package dev.allotment.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One per node, named after the node, written only by that node's agent. */
@Group(ContainerReservation.GROUP)
@Version(ContainerReservation.VERSION)
@Kind("ReservationPool")
@Plural("reservationpools")
@ShortNames("rpool")
@Categories("allotment")
@AdditionalPrinterColumn(name = "Containers", jsonPath = ".status.allocated.containers", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Subnets", jsonPath = ".status.allocated.subnets", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ports", jsonPath = ".status.allocated.ports", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ReservationPool extends CustomResource<Void, ReservationPoolStatus> {
}
