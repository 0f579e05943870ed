package dev.allotment.api;

/** Test helpers that build spec parts the tests share. */
public final class Specs {
    private Specs() {
    }

    /** Sets {@code limits.disk.byteHard} on the spec and returns it. */
    public static ContainerReservationSpec withDiskLimit(ContainerReservationSpec spec, long byteHard) {
        DiskLimits disk = new DiskLimits();
        disk.setByteHard(byteHard);
        Limits limits = new Limits();
        limits.setDisk(disk);
        spec.setLimits(limits);
        return spec;
    }
}
