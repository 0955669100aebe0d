package io.ltvlake.jobs.delivery.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the BI role can do in the database beyond the README's promise (USAGE on the marts schema,
 * SELECT on its tables), found from its effective privileges: {@code has_database_privilege},
 * {@code has_schema_privilege} and {@code has_table_privilege} over every schema but PostgreSQL's
 * own, so privileges that come through PUBLIC or through a role it is a member of count too.
 * A table privilege counts where the role can also use the table's schema, since only then can it
 * be exercised. CONNECT on the database is needed to log in and is not reported.
 *
 * <p>PostgreSQL before 15 lets PUBLIC create in schema {@code public}, and every version lets
 * PUBLIC create temporary tables, so an external database usually shows something here until its
 * administrator revokes it; each finding names the REVOKE that removes it.
 */
final class BiRoleCheck {

    /** One privilege beyond the promise, on one object, and the statements that take it away. */
    record Excess(String privilege, String objectKind, String object, List<String> fixes, String through) {

        /** One line for the run's output: the privilege, the object and the fix. */
        String describe(String role) {
            return "the BI role " + role + " has " + privilege + " on " + objectKind + " " + object
                    + (through.isEmpty() ? "" : " (" + through + ")") + ", beyond what it needs; fix: " + String.join(" ", fixes);
        }
    }

    private static final String NOT_SYSTEM = "n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'";

    private BiRoleCheck() {}

    /** Every privilege of {@code role} beyond USAGE on {@code martsSchema} and SELECT on its tables. */
    static List<Excess> excess(Connection connection, String role, String martsSchema) throws SQLException {
        List<Excess> found = new ArrayList<>();
        String[] attributes = {"superuser", "createdb", "createrole", "replication", "bypassrls"};
        try (PreparedStatement statement = connection.prepareStatement(
                "select rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls from pg_roles where rolname = ?")) {
            statement.setString(1, role);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return found;
                }
                for (int i = 0; i < attributes.length; i++) {
                    if (result.getBoolean(i + 1)) {
                        found.add(new Excess(attributes[i].toUpperCase(), "role", role, List.of("alter role "
                                + PostgresPublisher.quoteIdentifier(role) + " no" + attributes[i] + ";"), ""));
                    }
                }
            }
        }
        if (!found.isEmpty() && found.get(0).privilege().equals("SUPERUSER")) {
            return found; // a superuser has every privilege on everything: listing them would hide the one fix
        }
        found.addAll(query(connection, role, "database", """
                select current_database() as object, p.privilege, a.grantee
                from pg_database d cross join unnest(array['CREATE', 'TEMPORARY']) p(privilege)
                cross join lateral aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
                where d.datname = current_database() and has_database_privilege(?, d.oid, p.privilege)
                  and a.privilege_type = p.privilege
                """, 1, martsSchema));
        found.addAll(query(connection, role, "schema", """
                select n.nspname as object, p.privilege, a.grantee
                from pg_namespace n cross join unnest(array['USAGE', 'CREATE']) p(privilege)
                cross join lateral aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a
                where %s and has_schema_privilege(?, n.oid, p.privilege)
                  and not (n.nspname = ? and p.privilege = 'USAGE')
                  and a.privilege_type = p.privilege
                """.formatted(NOT_SYSTEM), 1, martsSchema));
        found.addAll(query(connection, role, "table", """
                select quote_ident(n.nspname) || '.' || quote_ident(c.relname) as object, p.privilege, a.grantee
                from pg_class c join pg_namespace n on n.oid = c.relnamespace
                cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p(privilege)
                cross join lateral aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
                where c.relkind in ('r', 'p', 'v', 'm', 'f') and %s
                  and has_schema_privilege(?, n.oid, 'USAGE') and has_table_privilege(?, c.oid, p.privilege)
                  and not (n.nspname = ? and p.privilege = 'SELECT')
                  and a.privilege_type = p.privilege
                """.formatted(NOT_SYSTEM), 2, martsSchema));
        return found;
    }

    /**
     * Runs a query of (object, privilege, grantee oid) rows, one per grant in the object's ACL of a
     * privilege the role has, with the role bound {@code roleParameters} times and then the marts
     * schema; keeps the grants that reach the role (PUBLIC, the role, a role it belongs to) and
     * gathers them per object and privilege.
     */
    private static List<Excess> query(Connection connection, String role, String kind, String sql, int roleParameters,
                                      String martsSchema) throws SQLException {
        List<Excess> found = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("select q.object, q.privilege,"
                + " case when q.grantee = 0 then 'public' else q.grantee::regrole::text end"
                + " from (" + sql + ") q where q.grantee = 0 or pg_has_role(?, q.grantee, 'USAGE') order by 1, 2, 3")) {
            int parameter = 1;
            for (int i = 0; i < roleParameters; i++) {
                statement.setString(parameter++, role);
            }
            if (!kind.equals("database")) {
                statement.setString(parameter++, martsSchema);
            }
            statement.setString(parameter, role);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    String object = result.getString(1);
                    String privilege = result.getString(2);
                    String grantee = result.getString(3);
                    String objectSql = kind.equals("table") ? object : PostgresPublisher.quoteIdentifier(object);
                    String fix = "revoke " + privilege.toLowerCase() + " on " + kind + " " + objectSql + " from " + grantee + ";";
                    String through = grantee.equals("public") ? "granted to PUBLIC, so every role has it; the fix applies to all"
                            : grantee.equals(role) ? "" : "as a member of " + grantee;
                    Excess last = found.isEmpty() ? null : found.get(found.size() - 1);
                    if (last != null && last.object().equals(object) && last.privilege().equals(privilege)) {
                        List<String> fixes = new ArrayList<>(last.fixes());
                        fixes.add(fix);
                        found.set(found.size() - 1, new Excess(privilege, kind, object, fixes,
                                String.join("; ", List.of(last.through(), through).stream().filter(t -> !t.isEmpty()).toList())));
                    } else {
                        found.add(new Excess(privilege, kind, object, List.of(fix), through));
                    }
                }
            }
        }
        return found;
    }
}
