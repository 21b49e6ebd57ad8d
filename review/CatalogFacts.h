#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sluice::review {

// What the target's catalog says about the objects a migration touches, when model/ could read it. Every fact
// is optional: rules use what is present and fall back to the parse tree alone when it is absent.
struct CatalogFacts
{
    struct Column
    {
        std::string name;
        std::string type; // format_type(), e.g. "character varying(20)", "integer", "text"
        bool notNull = false;
    };
    struct Index
    {
        std::string name;
        std::vector<std::string> columns;
        bool unique = false;
        bool primary = false;
        bool valid = true;
    };
    struct Constraint
    {
        std::string name;
        char type = 'c'; // c check, f foreign key, p primary, u unique, x exclusion
        std::vector<std::string> columns;
        bool validated = true;
        std::string definition;
    };
    struct Table
    {
        std::vector<Column> columns;
        std::vector<Index> indexes;
        std::vector<Constraint> constraints;
        std::optional<std::int64_t> totalBytes;
        std::optional<std::int64_t> rowEstimate;
        bool partitioned = false;
        // Admin tags for the table: "hot", "pii", "financial", ...
        std::set<std::string> tags;

        [[nodiscard]] const Column *column(const std::string &name) const
        {
            for (const auto &c : columns) {
                if (c.name == name)
                    return &c;
            }
            return nullptr;
        }
    };

    // Keyed by "schema.table"; unqualified lookups try "public." first.
    std::map<std::string, Table> tables;
    // Domains that carry constraints, "schema.name".
    std::set<std::string> constrainedDomains;
    std::optional<int> serverVersionNum;

    [[nodiscard]] const Table *table(const std::string &name) const
    {
        if (auto it = tables.find(name); it != tables.end())
            return &it->second;
        if (name.find('.') == std::string::npos) {
            if (auto it = tables.find("public." + name); it != tables.end())
                return &it->second;
        }
        return nullptr;
    }
};

} // namespace sluice::review
