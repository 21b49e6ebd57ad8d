#pragma once

#include "Finding.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sluice::review {

// How the engine is set up for one run: rules switched on or off, severities, rule options, the target's
// PostgreSQL version and whether the tool running migrations wraps each file in a transaction.
//
// TOML form (see docs/lint-config.md):
//   pg_version = 15
//   assume_in_transaction = false
//   [rules]                      # every environment
//   ban-drop-column = "off"      # off | info | warning | error | on (default severity)
//   [options]
//   hot_tables = ["public.orders"]
//   [environments.prod.rules]    # overrides for one environment
//   require-statement-timeout = "error"
struct Config
{
    int pgVersion = 15;
    // PostgreSQL's server_version_num when known (e.g. 140002), for minor-version caveats.
    std::optional<int> serverVersionNum;
    bool assumeInTransaction = false;
    // Rule id -> severity; std::nullopt switches the rule off.
    std::map<std::string, std::optional<Severity>> ruleSeverity;
    // Policy rules (off by default) switched on.
    std::set<std::string> enabledOptIn;
    // Rule options: lists and scalars, as strings.
    std::map<std::string, std::vector<std::string>> options;

    [[nodiscard]] std::vector<std::string> list(const std::string &key) const;
    [[nodiscard]] std::string text(const std::string &key, const std::string &fallback = {}) const;
    [[nodiscard]] long long number(const std::string &key, long long fallback) const;

    // Parses TOML for one environment (empty: only the top-level sections). Errors name the line.
    [[nodiscard]] static Config fromToml(std::string_view toml, const std::string &environment,
                                         std::string *error);
};

} // namespace sluice::review
