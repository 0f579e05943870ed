package dev.allotment.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @Test
    void parsesAndFormatsDottedQuads() {
        assertThat(Ipv4.parse("10.254.0.2")).isEqualTo(0x0afe0002);
        assertThat(Ipv4.parse("255.255.255.255")).isEqualTo(-1);
        assertThat(Ipv4.format(0x0afe0002)).isEqualTo("10.254.0.2");
        assertThat(Ipv4.format(-1)).isEqualTo("255.255.255.255");
        assertThat(Ipv4.format(Ipv4.parse("0.0.0.0"))).isEqualTo("0.0.0.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "1.2.3.", ".1.2.3", "1..2.3", "256.0.0.1", "+1.2.3.4", "-1.2.3.4",
            "1.2.3.04", "1.2.3.4 ", " 1.2.3.4", "a.b.c.d", "1.2.3.1000", "1.2.3.٣", "0x1.2.3.4"})
    void rejectsMalformedAddresses(String text) {
        assertThatThrownBy(() -> Ipv4.parse(text)).isInstanceOf(InvalidAddressException.class);
    }

    @Test
    void parsesCidrAndExposesItsAddresses() {
        Cidr cidr = Cidr.parse("10.254.0.4/30");

        assertThat(cidr.network()).isEqualTo(Ipv4.parse("10.254.0.4"));
        assertThat(cidr.prefix()).isEqualTo(30);
        assertThat(cidr.size()).isEqualTo(4);
        assertThat(Ipv4.format(cidr.gateway())).isEqualTo("10.254.0.5");
        assertThat(Ipv4.format(cidr.broadcast())).isEqualTo("10.254.0.7");
        assertThat(Ipv4.format(cidr.address(2))).isEqualTo("10.254.0.6");
        assertThat(cidr).hasToString("10.254.0.4/30");
    }

    @Test
    void handlesTheWholeAddressSpaceAndSingleHosts() {
        Cidr all = Cidr.parse("0.0.0.0/0");
        Cidr host = Cidr.parse("255.255.255.255/32");

        assertThat(all.size()).isEqualTo(1L << 32);
        assertThat(Ipv4.format(all.broadcast())).isEqualTo("255.255.255.255");
        assertThat(all.contains(host)).isTrue();
        assertThat(host.size()).isEqualTo(1);
        assertThat(host.broadcast()).isEqualTo(host.network());
    }

    @Test
    void addressIndexMustLieInside() {
        Cidr cidr = Cidr.parse("10.254.0.4/30");

        assertThatThrownBy(() -> cidr.address(4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> cidr.address(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/08",
            "10.0.0.0/8/8", "10.0.0/8", "10.0.0.0/a", "/8"})
    void rejectsMalformedCidrs(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(InvalidAddressException.class);
    }

    @Test
    void rejectsCidrWithHostBitsSetAndNamesTheNetwork() {
        assertThatThrownBy(() -> Cidr.parse("10.254.0.6/30"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("host bits").hasMessageContaining("10.254.0.4/30");
    }

    @Test
    void containingClearsHostBits() {
        assertThat(Cidr.containing(Ipv4.parse("10.253.0.6"), 30)).isEqualTo(Cidr.parse("10.253.0.4/30"));
    }

    @Test
    void containsAddressesAndSubnets() {
        Cidr range = Cidr.parse("10.254.0.0/22");

        assertThat(range.contains(Ipv4.parse("10.254.3.255"))).isTrue();
        assertThat(range.contains(Ipv4.parse("10.254.4.0"))).isFalse();
        assertThat(range.contains(Cidr.parse("10.254.1.0/24"))).isTrue();
        assertThat(range.contains(Cidr.parse("10.254.0.0/21"))).isFalse();
        assertThat(range.contains(range)).isTrue();
    }

    @Test
    void overlapsIsSymmetricAndFalseForNeighbours() {
        Cidr a = Cidr.parse("10.253.0.0/29");
        Cidr inside = Cidr.parse("10.253.0.4/30");
        Cidr neighbour = Cidr.parse("10.253.0.8/30");

        assertThat(a.overlaps(inside)).isTrue();
        assertThat(inside.overlaps(a)).isTrue();
        assertThat(a.overlaps(neighbour)).isFalse();
        assertThat(neighbour.overlaps(a)).isFalse();
    }

    @Test
    void equalCidrsAreEqualAndOrderByUnsignedNetwork() {
        assertThat(Cidr.parse("10.0.0.0/8")).isEqualTo(Cidr.parse("10.0.0.0/8")).hasSameHashCodeAs(Cidr.parse("10.0.0.0/8"));
        assertThat(Cidr.parse("10.0.0.0/8")).isNotEqualTo(Cidr.parse("10.0.0.0/16"));
        assertThat(Cidr.parse("192.168.0.0/16")).isGreaterThan(Cidr.parse("10.0.0.0/8"));
    }
}
