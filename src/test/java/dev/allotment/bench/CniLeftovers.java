package dev.allotment.bench;

import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.CommandRunner;

/** The iptables chains the CNI plugins create once and never delete; removed after a benchmark run. */
final class CniLeftovers {
    private CniLeftovers() {
    }

    static void remove(CommandRunner runner) {
        String[][] jumps = {
            {"filter", "FORWARD", "CNI-FORWARD"}, {"filter", "FORWARD", "CNI-ADMIN"},
            {"nat", "PREROUTING", "CNI-HOSTPORT-DNAT"}, {"nat", "OUTPUT", "CNI-HOSTPORT-DNAT"},
            {"nat", "POSTROUTING", "CNI-HOSTPORT-MASQ"}};
        for (String[] jump : jumps) {
            runner.run(Command.of("iptables", "-t", jump[0], "-D", jump[1], "-j", jump[2]));
        }
        for (String[] chain : new String[][] {{"filter", "CNI-FORWARD"}, {"filter", "CNI-ADMIN"},
                {"nat", "CNI-HOSTPORT-DNAT"}, {"nat", "CNI-HOSTPORT-MASQ"}, {"nat", "CNI-HOSTPORT-SETMARK"}}) {
            runner.run(Command.of("iptables", "-t", chain[0], "-F", chain[1]));
            runner.run(Command.of("iptables", "-t", chain[0], "-X", chain[1]));
        }
    }
}
