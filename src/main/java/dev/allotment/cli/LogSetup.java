package dev.allotment.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.allotment.agent.config.AgentConfig;
import org.slf4j.LoggerFactory;

/** Switches logging to one JSON object per line for clusters; text (the default logback.xml) otherwise. */
final class LogSetup {
    private LogSetup() {
    }

    static void apply(AgentConfig.LogFormat format) {
        if (format != AgentConfig.LogFormat.JSON) {
            return;
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(LogSetup.class.getResource("/logback-json.xml"));
        } catch (JoranException e) {
            throw new IllegalStateException("cannot switch logging to JSON", e);
        }
    }
}
