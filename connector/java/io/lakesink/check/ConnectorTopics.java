package io.lakesink.check;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The topics a connector reads, as Connect's {@code topics} or {@code topics.regex} names them: a check's query may
 * name any of them, whether or not the commit it checks holds rows of it.
 */
public record ConnectorTopics(Set<String> names, Pattern regex) {
    public static final ConnectorTopics NONE = new ConnectorTopics(Set.of(), null);

    public ConnectorTopics {
        names = Set.copyOf(names);
    }

    /** From a connector's configuration ({@code topics}, {@code topics.regex}). */
    public static ConnectorTopics of(Map<String, String> connectorConfig) {
        String list = connectorConfig.getOrDefault("topics", "");
        String regex = connectorConfig.get("topics.regex");
        return new ConnectorTopics(Arrays.stream(list.split(",")).map(String::trim).filter(t -> !t.isEmpty())
                .collect(Collectors.toSet()), regex == null || regex.isBlank() ? null : Pattern.compile(regex));
    }

    public boolean contains(String topic) {
        return names.contains(topic) || (regex != null && regex.matcher(topic).matches());
    }
}
