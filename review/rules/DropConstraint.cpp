#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

// 'f' foreign key, 'c' check, 'p' primary key, 'u' unique, 'x' exclusion, 0 unknown.
char typeOf(std::string_view contype)
{
    if (contype == "CONSTR_FOREIGN")
        return 'f';
    if (contype == "CONSTR_CHECK")
        return 'c';
    if (contype == "CONSTR_PRIMARY")
        return 'p';
    if (contype == "CONSTR_UNIQUE")
        return 'u';
    if (contype == "CONSTR_EXCLUSION")
        return 'x';
    return 0;
}

bool endsWith(std::string_view s, std::string_view suffix)
{
    return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// A CHECK (col IS NOT NULL) from the catalog, the scaffold of the online SET NOT NULL recipe: its column.
std::string notNullCheckColumn(const std::string &definition)
{
    std::string compact;
    for (const char c : definition) {
        if (c != '(' && c != ')' && c != ' ' && c != '"')
            compact += char(std::tolower(static_cast<unsigned char>(c)));
    }
    constexpr std::string_view head = "check", tail = "isnotnull";
    if (compact.size() >= 9 && compact.substr(compact.size() - 8) == "notvalid")
        compact.resize(compact.size() - 8);
    if (compact.size() <= head.size() + tail.size() || compact.rfind(head, 0) != 0 ||
        !endsWith(compact, tail))
        return {};
    return compact.substr(head.size(), compact.size() - head.size() - tail.size());
}

bool columnMadeNotNull(const RuleContext &ctx, const std::string &table, const std::string &column)
{
    return ctx.memo<index::AlterCommands>().firstBefore(
               table, column, ctx.index(), 0, [&](const index::AlterCommands::Cmd &c) {
                   return c.onTable && c.subtype == "AT_SetNotNull" && dc::sameName(c.relation, table);
               }) != nullptr;
}

struct Earlier
{
    bool sameName = false; // the dropped constraint itself was added earlier in this migration
    bool replaced = false; // a validated constraint of the same type was added to the table earlier
};

Earlier scanEarlier(const RuleContext &ctx, const std::string &table, std::string_view name, char type)
{
    Earlier out;
    std::vector<std::string> notValid;
    const auto &alters = ctx.memo<index::AlterCommands>();
    for (const auto k : alters.byRelation.find(index::bucketKey(table))) {
        const auto &c = alters.cmds[k];
        if (c.statement >= ctx.index())
            break;
        index::visited();
        if (!c.onTable || !dc::sameName(c.relation, table))
            continue;
        const auto body = c.cmd;
        if (c.subtype == "AT_ValidateConstraint") {
            for (const auto &n : notValid)
                out.replaced = out.replaced || n == body["name"].str();
        }
        const auto con = body["def"].as("Constraint");
        if (c.subtype != "AT_AddConstraint" || !con)
            continue;
        if (con["conname"].str() == name)
            out.sameName = true;
        else if (type != 0 && typeOf(con["contype"].str()) == type) {
            if (con["skip_validation"].boolean())
                notValid.emplace_back(con["conname"].str());
            else
                out.replaced = true;
        }
    }
    return out;
}

std::string consequence(char type, const std::string &name, const std::string &table)
{
    switch (type) {
    case 'f':
        return "Dropping foreign key " + name + " on " + table +
               " stops PostgreSQL from checking that referenced rows exist: orphan rows can be written";
    case 'c':
        return "Dropping check constraint " + name + " on " + table +
               " lets rows that break the rule it enforced be written";
    case 'p':
        return "Dropping primary key " + name + " on " + table +
               " removes its uniqueness guarantee and its index, breaks foreign keys and logical replication "
               "that rely on it, and slows lookups by key";
    case 'u':
        return "Dropping unique constraint " + name + " on " + table +
               " removes its index and lets duplicate values be written";
    case 'x':
        return "Dropping exclusion constraint " + name + " on " + table + " lets overlapping rows be written";
    default:
        return "Dropping constraint " + name + " on " + table +
               " removes the integrity guarantee it enforced";
    }
}

void check(RuleContext &ctx)
{
    const auto alter = dc::alterTable(ctx.statement());
    if (!alter || dc::isNew(ctx, alter["relation"]))
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    const auto *catalog = ctx.catalog() ? ctx.catalog()->table(table) : nullptr;
    for (std::size_t i = 0; i < alter["cmds"].size(); ++i) {
        const Node cmd = alter["cmds"].at(i);
        if (dc::subtype(cmd) != "AT_DropConstraint")
            continue;
        const std::string name(cmd.as("AlterTableCmd")["name"].str());
        char type = 0;
        std::string definition;
        if (catalog) {
            for (const auto &c : catalog->constraints) {
                if (c.name == name) {
                    type = c.type;
                    definition = c.definition;
                }
            }
            for (const auto &index : catalog->indexes) {
                if (index.name == name && type == 0)
                    type = index.primary ? 'p' : index.unique ? 'u' : 0;
            }
        }
        if (type == 0)
            type = endsWith(name, "_fkey")    ? 'f'
                   : endsWith(name, "_check") ? 'c'
                   : endsWith(name, "_pkey")  ? 'p'
                   : endsWith(name, "_key")   ? 'u'
                   : endsWith(name, "_excl")  ? 'x'
                                              : 0;
        const auto earlier = scanEarlier(ctx, table, name, type);
        if (earlier.sameName || earlier.replaced)
            continue;
        // The last step of the online SET NOT NULL recipe: the NOT NULL now does the CHECK's job.
        if (const auto column = notNullCheckColumn(definition); !column.empty() && catalog) {
            const auto *c = catalog->column(column);
            if ((c && c->notNull) || columnMadeNotNull(ctx, table, column))
                continue;
        }
        dc::reportInCommand(ctx, consequence(type, name, table), name, alter, i);
    }
}

} // namespace

extern const Rule dropConstraint{
    "drop-constraint",
    Severity::Warning,
    false,
    "ALTER TABLE ... DROP CONSTRAINT on an existing table.",
    "Dropping a constraint removes a guarantee the data and the application rely on (referential integrity, "
    "a CHECK rule, uniqueness), and takes an ACCESS EXCLUSIVE lock on the table (for a foreign key, on the "
    "referenced table too). If the constraint is being replaced, add the new one first (NOT VALID, then "
    "VALIDATE CONSTRAINT) and drop the old one only once the new one is validated.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
