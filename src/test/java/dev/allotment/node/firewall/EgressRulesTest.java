package dev.allotment.node.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allotment.api.NetOutProtocol;
import dev.allotment.node.EgressRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class EgressRulesTest {
    private static List<String> render(NetOutProtocol protocol, List<String> networks, List<String> ports,
            boolean log) {
        return EgressRules.render(new EgressRule(protocol, networks, ports, log), "w0-0123456789a ");
    }

    @Test
    void allProtocolsToAnyNetworkIsOneBareAccept() {
        assertThat(render(NetOutProtocol.ALL, List.of(), List.of(), false)).containsExactly("accept");
    }

    @Test
    void loggedRuleLogsWithAPrefixNamingTheContainer() {
        assertThat(render(NetOutProtocol.ICMP, List.of(), List.of(), true))
                .containsExactly("meta l4proto icmp log prefix \"w0-0123456789a \" accept");
    }

    @Test
    void severalNetworksWithoutPortsGiveOneRuleEach() {
        assertThat(render(NetOutProtocol.UDP, List.of("10.0.0.0/8", "1.1.1.1-1.1.1.9"), List.of(), false))
                .containsExactly("meta l4proto udp ip daddr 1.1.1.1-1.1.1.9 accept",
                        "meta l4proto udp ip daddr 10.0.0.0/8 accept");
    }

    @Test
    void severalPortsWithoutNetworksGiveOneRuleEach() {
        assertThat(render(NetOutProtocol.TCP, List.of(), List.of("443", "80"), false))
                .containsExactly("tcp dport 80 accept", "tcp dport 443 accept");
    }

    @Test
    void oneNetworkAndOnePortStayInline() {
        assertThat(render(NetOutProtocol.TCP, List.of("9.9.9.9"), List.of("443"), false))
                .containsExactly("ip daddr 9.9.9.9 tcp dport 443 accept");
    }

    @Test
    void networksWithPortsBecomeOneConcatenatedSetNeverAPlainIntervalSet() {
        assertThat(render(NetOutProtocol.TCP, List.of("8.8.8.8", "1.2.3.0/24"), List.of("80", "8000-8080"), true))
                .containsExactly("ip daddr . tcp dport { 1.2.3.0/24 . 80, 1.2.3.0/24 . 8000-8080, 8.8.8.8 . 80,"
                        + " 8.8.8.8 . 8000-8080 } log prefix \"w0-0123456789a \" accept");
    }

    @Test
    void overlappingAndTouchingNetworksAndPortsAreMerged() {
        assertThat(render(NetOutProtocol.TCP, List.of("10.0.0.0/8", "10.1.0.0/16", "11.0.0.0-11.0.0.255"),
                List.of("80-90", "85-100", "101"), false))
                .containsExactly("ip daddr 10.0.0.0-11.0.0.255 tcp dport 80-101 accept");
    }

    @Test
    void hostBitsOfANetworkAreMaskedAsIptablesDoes() {
        assertThat(render(NetOutProtocol.ALL, List.of("10.1.2.3/8"), List.of(), false))
                .containsExactly("ip daddr 10.0.0.0/8 accept");
    }

    @Test
    void refusesPortsForProtocolsWithoutPorts() {
        assertThatThrownBy(() -> render(NetOutProtocol.ICMP, List.of(), List.of("80"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tcp or udp");
    }

    @Test
    void refusesTextThatIsNoNetwork() {
        for (String bad : List.of("1.2.3.4 } ; flush ruleset", "1.2.3", "10.0.0.0/33", "1.1.1.9-1.1.1.1",
                "01.2.3.4", "example.com")) {
            assertThatThrownBy(() -> render(NetOutProtocol.ALL, List.of(bad), List.of(), false))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refusesTextThatIsNoPortRange() {
        for (String bad : List.of("80 accept", "65536", "90-80", "-1", "")) {
            assertThatThrownBy(() -> render(NetOutProtocol.TCP, List.of(), List.of(bad), false))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
