package io.lakesink.check;

import io.lakesink.check.sql.SqlCheckType;

import java.util.List;

/** The check types a configuration can name in {@code checks.<name>.type}. */
public final class CheckTypes {
    private static final List<CheckType> ALL = List.of(new SqlCheckType());

    private CheckTypes() {
    }

    public static List<CheckType> all() {
        return ALL;
    }

    public static CheckType byName(String type) {
        return ALL.stream().filter(t -> t.type().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown check type '" + type + "': use one of "
                        + ALL.stream().map(CheckType::type).toList()));
    }
}
