package dev.allotment.node.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.allotment.pool.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressRangeTest {
    @Test
    void rendersTheShortestSpelling() {
        assertThat(AddressRange.parse("10.0.0.7").render()).isEqualTo("10.0.0.7");
        assertThat(AddressRange.parse("10.0.0.0-10.0.0.255").render()).isEqualTo("10.0.0.0/24");
        assertThat(AddressRange.parse("10.0.0.1-10.0.0.255").render()).isEqualTo("10.0.0.1-10.0.0.255");
        assertThat(AddressRange.parse("0.0.0.0/0").render()).isEqualTo("0.0.0.0/0");
    }

    @Test
    void bordersOfASubnetAreEverythingBelowAndAboveIt() {
        assertThat(NftScripts.borders(Cidr.parse("10.254.0.4/30"))).containsExactly(
                "10.254.0.4/30 . 0.0.0.0-10.254.0.3", "10.254.0.4/30 . 10.254.0.8-255.255.255.255");
    }

    @Test
    void bordersOfASubnetAtAnEndOfTheAddressSpaceHaveOneSide() {
        assertThat(NftScripts.borders(Cidr.parse("0.0.0.0/1"))).containsExactly("0.0.0.0/1 . 128.0.0.0/1");
        assertThat(NftScripts.borders(Cidr.parse("255.255.255.252/30")))
                .containsExactly("255.255.255.252/30 . 0.0.0.0-255.255.255.251");
    }

    @Test
    void mergesAcrossTheWholeAddressSpace() {
        assertThat(AddressRange.merged(List.of("128.0.0.0/1", "0.0.0.0/1")).stream().map(AddressRange::render))
                .containsExactly("0.0.0.0/0");
    }
}
