package dev.allotment.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkRequestTest {

    @Test
    void emptyOrMissingSpecAsksForDynamicSubnetAndIp() {
        assertThat(NetworkRequest.parse("")).isEqualTo(NetworkRequest.dynamic());
        assertThat(NetworkRequest.parse(null)).isEqualTo(NetworkRequest.dynamic());
        assertThat(NetworkRequest.dynamic().subnet()).isEmpty();
        assertThat(NetworkRequest.dynamic().ip()).isEmpty();
    }

    @Test
    void addressWithoutPrefixMeansStaticIpInItsSlash30() {
        NetworkRequest request = NetworkRequest.parse("10.253.0.6");

        assertThat(request.subnet()).contains(Cidr.parse("10.253.0.4/30"));
        assertThat(request.ip()).isEqualTo(OptionalInt.of(Ipv4.parse("10.253.0.6")));
    }

    @Test
    void cidrWithHostBitsZeroAsksForDynamicIpInThatSubnet() {
        NetworkRequest request = NetworkRequest.parse("10.253.0.8/29");

        assertThat(request).isEqualTo(NetworkRequest.staticSubnet(Cidr.parse("10.253.0.8/29")));
        assertThat(request.ip()).isEmpty();
    }

    @Test
    void addressWithoutPrefixOnANetworkAddressAsksForDynamicIp() {
        assertThat(NetworkRequest.parse("10.253.0.4")).isEqualTo(NetworkRequest.staticSubnet(Cidr.parse("10.253.0.4/30")));
    }

    @Test
    void cidrWithHostBitsSetAsksForThatIpInTheCidrsNetwork() {
        NetworkRequest request = NetworkRequest.parse("10.253.0.10/29");

        assertThat(request.subnet()).contains(Cidr.parse("10.253.0.8/29"));
        assertThat(request.ip()).isEqualTo(OptionalInt.of(Ipv4.parse("10.253.0.10")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"banana", "10.253.0.256", "10.253.0/30", "10.253.0.4/33", "10.253.0.4/", "10.253.0.4/x",
            " 10.253.0.4", "10.253.0.4/+30", "-10.253.0.4"})
    void malformedSpecIsInvalidAndTheMessageNamesTheValue(String spec) {
        assertThatThrownBy(() -> NetworkRequest.parse(spec))
                .isInstanceOf(ReservationException.class)
                .satisfies(e -> assertThat(((ReservationException) e).reason()).isEqualTo(Reason.InvalidSpec))
                .hasMessageContaining("\"" + spec + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.253.0.4/31", "10.253.0.5/32"})
    void prefixLongerThanSlash30IsInvalidBecauseItLeavesNoRoomForTheContainer(String spec) {
        assertThatThrownBy(() -> NetworkRequest.parse(spec))
                .isInstanceOf(SubnetPoolException.class)
                .hasMessageContaining(spec).hasMessageContaining("longer than /30")
                .satisfies(e -> assertThat(((SubnetPoolException) e).kind()).isEqualTo(SubnetPoolException.Kind.INVALID));
    }

    @Test
    void staticIpOutsideItsSubnetIsInvalid() {
        assertThatThrownBy(() -> NetworkRequest.staticIp(Cidr.parse("10.253.0.4/30"), Ipv4.parse("10.253.0.9")))
                .isInstanceOf(SubnetPoolException.class)
                .hasMessageContaining("10.253.0.9").hasMessageContaining("10.253.0.4/30");
    }
}
