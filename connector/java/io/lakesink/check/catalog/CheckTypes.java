package io.lakesink.check.catalog;

import io.lakesink.check.CheckType;
import io.lakesink.check.builtin.ClassCheckType;
import io.lakesink.check.builtin.FreshnessCheckType;
import io.lakesink.check.builtin.NotNullCheckType;
import io.lakesink.check.builtin.RowCountCheckType;
import io.lakesink.check.builtin.SchemaCheckType;
import io.lakesink.check.builtin.WebhookCheckType;
import io.lakesink.check.sql.SqlCheckType;

import java.util.List;

/** The check types a configuration can name in {@code checks.<name>.type}. */
public final class CheckTypes {
    private static final List<CheckType> ALL = List.of(new SqlCheckType(), new RowCountCheckType(),
            new NotNullCheckType(), new SchemaCheckType(), new FreshnessCheckType(), new WebhookCheckType(),
            new ClassCheckType());

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
