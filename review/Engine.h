#pragma once

#include "CatalogFacts.h"
#include "Config.h"
#include "Finding.h"
#include "Rule.h"
#include "Script.h"

#include <string_view>
#include <vector>

namespace sluice::review {

// The result of reviewing one migration: its statements with their facts, and the findings, sorted by
// position.
struct Review
{
    Script script;
    std::vector<StatementView> statements;
    std::vector<Finding> findings;

    [[nodiscard]] std::optional<Severity> maxSeverity() const;
};

// Whether the configuration switches a rule on, and the severity it gives the rule's findings.
[[nodiscard]] bool enabled(const Rule &rule, const Config &config);
[[nodiscard]] Severity severityOf(const Rule &rule, const Config &config);

// Reviews a migration: parses it, tracks state across it, runs every enabled rule, applies suppressions.
// Never throws; a parse failure is a syntax-error finding and the statements after it are still reviewed.
[[nodiscard]] Review lint(std::string_view sql, const Config &config = {},
                          const CatalogFacts *catalog = nullptr);

} // namespace sluice::review
