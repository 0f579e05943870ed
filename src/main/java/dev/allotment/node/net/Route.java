package dev.allotment.node.net;

/** A route as {@code ip -j route show} reports it; {@code gateway} is null for on-link routes. */
record Route(String destination, String gateway, String device) {
    boolean isDefaultVia(String expectedGateway, String expectedDevice) {
        return "default".equals(destination) && expectedGateway.equals(gateway) && expectedDevice.equals(device);
    }
}
