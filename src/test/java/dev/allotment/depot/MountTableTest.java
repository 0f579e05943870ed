package dev.allotment.depot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MountTableTest {
    @Test
    void mountPointsAreReadFromTheFifthFieldWithEscapesDecoded() {
        String mountinfo = """
                22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
                98 22 8:1 /srv/data /var/lib/allotment/depot/0123456789a/rootfs/my\\040data rw - ext4 /dev/sda1 rw
                99 22 0:50 / /var/lib/allotment/depot/0123456789a/rootfs rw - overlay overlay rw
                """;

        assertThat(MountTable.parse(mountinfo)).containsExactly(
                Path.of("/"),
                Path.of("/var/lib/allotment/depot/0123456789a/rootfs/my data"),
                Path.of("/var/lib/allotment/depot/0123456789a/rootfs"));
    }
}
