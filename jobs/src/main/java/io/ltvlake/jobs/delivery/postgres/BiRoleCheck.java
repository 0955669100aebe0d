package io.ltvlake.jobs.delivery.postgres;

import io.ltvlake.jobs.delivery.postgres.PublishConfig.PostgresSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the BI role can do in the database beyond the README's promise (USAGE on the marts schema,
 * SELECT on its tables), found from its effective privileges: {@code has_database_privilege},
 * {@code has_schema_privilege}, {@code has_table_privilege}, {@code has_sequence_privilege} and
 * {@code has_column_privilege} over every schema but PostgreSQL's own (so {@code public}, the
 * staging schema and any other team's schema count), so privileges that come through PUBLIC or
 * through a role it is a member of count too. A table privilege counts where the role can also use
 * the table's schema, since only then can it be exercised. CONNECT on the marts' database is needed
 * to log in and is not reported; CONNECT on any other database of the server is, since what the
 * role can do there is not checked. Objects the role owns (or can act as the owner of) are reported as such,
 * since an owner can grant itself anything again.
 *
 * <p>PostgreSQL before 15 lets PUBLIC create in schema {@code public}, and every version lets
 * PUBLIC create temporary tables, so an external database usually shows something here until its
 * administrator revokes it; each finding names the statement that removes it.
 */
final class BiRoleCheck {

    /** One privilege beyond the promise, on one object, and the statements that take it away. */
    record Excess(String privilege, String objectKind, String object, List<String> fixes, String through) {

        /** One line for the run's output: the privilege, the object and the fix. */
        String describe(String role) {
            return "the BI role " + role + " has " + privilege
                    + (privilege.equals(OWNERSHIP) || privilege.equals(MEMBERSHIP) ? " of " : " on ") + objectKind
                    + " " + object + (through.isEmpty() ? "" : " (" + through + ")") + ", beyond what it needs; fix: "
                    + String.join(" ", fixes);
        }
    }

    static final String OWNERSHIP = "OWNERSHIP";
    static final String MEMBERSHIP = "MEMBERSHIP";

    /** Schemas that are PostgreSQL's own (pg_catalog, pg_toast, temporary schemas, information_schema). */
    private static final String USER_SCHEMAS = """
            select n.oid, n.nspname, n.nspowner, n.nspacl from pg_namespace n
            where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'""";

    /**
     * Every grant in the database, one row per ACL entry (the owner's own entries left out: see
     * {@link #OWNED}), with whether the BI role holds that privilege on the object. The marts
     * schema's USAGE and its tables' SELECT are the promise and are left out too.
     */
    private static final String GRANTS = """
            with bi as (select ?::name as role, ?::name as marts),
            user_schemas as (%s),
            grants as (
                select 1 as rank, 'database' as kind, d.datname::text as object, null::name as column_name,
                       a.privilege_type as privilege, a.grantee,
                       has_database_privilege(bi.role, d.oid, a.privilege_type) as held
                from pg_database d cross join bi
                cross join lateral aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
                where a.grantee <> d.datdba
                  and (d.datname = current_database() and a.privilege_type <> 'CONNECT'
                       -- another database of the server: the role can log in there, and nothing here checks it
                       or d.datname <> current_database() and d.datallowconn and a.privilege_type = 'CONNECT')
              union all
                select 2, 'schema', s.nspname::text, null, a.privilege_type, a.grantee,
                       has_schema_privilege(bi.role, s.oid, a.privilege_type)
                from user_schemas s cross join bi
                cross join lateral aclexplode(coalesce(s.nspacl, acldefault('n', s.nspowner))) a
                where a.grantee <> s.nspowner
                  and not (s.nspname = bi.marts and a.privilege_type = 'USAGE')
              union all
                select 3, 'table', quote_ident(s.nspname) || '.' || quote_ident(c.relname), null, a.privilege_type, a.grantee,
                       has_schema_privilege(bi.role, s.oid, 'USAGE') and has_table_privilege(bi.role, c.oid, a.privilege_type)
                from pg_class c join user_schemas s on s.oid = c.relnamespace cross join bi
                cross join lateral aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
                where c.relkind in ('r', 'p', 'v', 'm', 'f') and a.grantee <> c.relowner
                  and not (s.nspname = bi.marts and a.privilege_type = 'SELECT')
              union all
                select 4, 'sequence', quote_ident(s.nspname) || '.' || quote_ident(c.relname), null, a.privilege_type, a.grantee,
                       has_schema_privilege(bi.role, s.oid, 'USAGE') and has_sequence_privilege(bi.role, c.oid, a.privilege_type)
                from pg_class c join user_schemas s on s.oid = c.relnamespace cross join bi
                cross join lateral aclexplode(coalesce(c.relacl, acldefault('s', c.relowner))) a
                where c.relkind = 'S' and a.grantee <> c.relowner
              union all
                -- a grant on some columns only (grant update (x) on ...) is not seen by has_table_privilege
                select 5, 'column', quote_ident(s.nspname) || '.' || quote_ident(c.relname), t.attname, a.privilege_type, a.grantee,
                       has_schema_privilege(bi.role, s.oid, 'USAGE') and has_column_privilege(bi.role, c.oid, t.attnum, a.privilege_type)
                from pg_attribute t join pg_class c on c.oid = t.attrelid join user_schemas s on s.oid = c.relnamespace cross join bi
                cross join lateral aclexplode(t.attacl) a
                where t.attacl is not null and not t.attisdropped
                  and not (s.nspname = bi.marts and a.privilege_type = 'SELECT')
            )
            select g.kind, g.object, g.column_name, g.privilege,
                   case when g.grantee = 0 then 'public' else g.grantee::regrole::text end as grantee
            from grants g cross join bi
            where g.held and (g.grantee = 0 or pg_has_role(bi.role, g.grantee, 'USAGE'))
            order by g.rank, g.object, g.column_name, g.privilege, 5
            """.formatted(USER_SCHEMAS);

    /** The database, schemas and tables whose owner the BI role is, or may become with SET ROLE. */
    private static final String OWNED = """
            with bi as (select ?::name as role),
            user_schemas as (%s),
            owned as (
                select 1 as rank, 'database' as kind, d.datname::text as object, d.datdba as owner
                from pg_database d where d.datname = current_database()
              union all
                select 2, 'schema', s.nspname::text, s.nspowner from user_schemas s
              union all
                select 3, case c.relkind when 'S' then 'sequence' when 'v' then 'view' else 'table' end,
                       quote_ident(s.nspname) || '.' || quote_ident(c.relname), c.relowner
                from pg_class c join user_schemas s on s.oid = c.relnamespace
                where c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
            )
            select o.kind, o.object, o.owner::regrole::text, pg_get_userbyid(o.owner) = bi.role, quote_ident(current_user)
            from owned o cross join bi
            where pg_has_role(bi.role, o.owner, 'MEMBER')
            order by o.rank, o.object
            """.formatted(USER_SCHEMAS);

    /**
     * The role's memberships, direct or through other roles, in PostgreSQL's predefined roles
     * (pg_read_all_data, pg_write_all_data, ...: they act without any grant on the objects, so the
     * grant list above cannot see them) and in roles with an attribute it may take by SET ROLE.
     */
    private static final String MEMBERSHIPS = """
            select r.rolname::text, m.member::regrole::text
            from pg_roles r join pg_auth_members m on m.roleid = r.oid
            where (r.rolname like 'pg\\_%' or r.rolsuper or r.rolcreatedb or r.rolcreaterole or r.rolreplication or r.rolbypassrls)
              and pg_has_role(?, m.member, 'MEMBER')
            order by 1, 2
            """;

    private BiRoleCheck() {}

    /**
     * The job's warnings: one line for each privilege of the BI role beyond the promise, with its
     * fix; with {@code strict-bi-role}, an error naming all of them instead.
     */
    static List<String> warnings(Connection connection, PostgresSettings settings) throws SQLException {
        List<String> lines = excess(connection, settings.biRole(), settings.schema()).stream()
                .map(excess -> excess.describe(settings.biRole())).toList();
        if (!lines.isEmpty() && settings.strictBiRole()) {
            throw new PostgresPublisher.BiRoleTooBroad("publish.postgres.strict-bi-role: the marts were swapped into schema "
                    + settings.schema() + ", but the BI role " + settings.biRole() + " can do more than read them:\n  "
                    + String.join("\n  ", lines) + "\nrun the fixes as the owner or an administrator, or set"
                    + " ltvlake.publish.postgres.strict-bi-role = false to only warn");
        }
        return lines;
    }

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
        found.addAll(memberships(connection, role));
        found.addAll(grants(connection, role, martsSchema));
        found.addAll(owned(connection, role));
        return found;
    }

    private static List<Excess> memberships(Connection connection, String role) throws SQLException {
        List<Excess> found = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(MEMBERSHIPS)) {
            statement.setString(1, role);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    String member = result.getString(2);
                    boolean itself = member.equals(role) || member.equals(PostgresPublisher.quoteIdentifier(role));
                    found.add(new Excess(MEMBERSHIP, "role", result.getString(1), List.of("revoke " + result.getString(1)
                            + " from " + member + ";"), itself ? "" : "as a member of " + member));
                }
            }
        }
        return found;
    }

    /** The grants that reach the role (PUBLIC, the role, a role it belongs to), gathered per object and privilege. */
    private static List<Excess> grants(Connection connection, String role, String martsSchema) throws SQLException {
        List<Excess> found = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(GRANTS)) {
            statement.setString(1, role);
            statement.setString(2, martsSchema);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    String kind = result.getString(1);
                    String column = result.getString(3);
                    String privilege = result.getString(4);
                    String grantee = result.getString(5);
                    // database and schema names come bare; table names come quoted where they need it
                    String objectSql = kind.equals("database") || kind.equals("schema")
                            ? PostgresPublisher.quoteIdentifier(result.getString(2)) : result.getString(2);
                    String object = column == null ? result.getString(2) : result.getString(2) + "." + column;
                    String fix = "revoke " + privilege.toLowerCase() + (column == null
                            ? " on " + kind + " " + objectSql
                            : " (" + PostgresPublisher.quoteIdentifier(column) + ") on table " + objectSql) + " from " + grantee + ";";
                    String through = grantee.equals("public") ? "granted to PUBLIC, so every role has it; the fix applies to all"
                            : grantee.equals(role) ? "" : "as a member of " + grantee;
                    Excess last = found.isEmpty() ? null : found.get(found.size() - 1);
                    if (last != null && last.objectKind().equals(kind) && last.object().equals(object)
                            && last.privilege().equals(privilege)) {
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

    /**
     * What the role owns, or can own by SET ROLE to the owner. An owner may grant itself any
     * privilege again, so the fix is to hand the objects to the connected (publishing) user or to
     * end the membership, not a REVOKE.
     */
    private static List<Excess> owned(Connection connection, String role) throws SQLException {
        List<Excess> found = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(OWNED)) {
            statement.setString(1, role);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    String owner = result.getString(3);
                    boolean itself = result.getBoolean(4);
                    String fix = itself
                            ? "reassign owned by " + PostgresPublisher.quoteIdentifier(role) + " to " + result.getString(5) + ";"
                            : "revoke " + owner + " from " + PostgresPublisher.quoteIdentifier(role) + ";";
                    found.add(new Excess(OWNERSHIP, result.getString(1), result.getString(2), List.of(fix),
                            itself ? "" : "as a member of " + owner));
                }
            }
        }
        return found;
    }
}
