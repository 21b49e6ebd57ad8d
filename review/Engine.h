#pragma once

#include "CatalogFacts.h"
#include "Config.h"
#include "Finding.h"
#include "Rule.h"
#include "Script.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::review {

// What one review may spend. When it runs out, the review stops and reports one error finding,
// review-budget-exceeded: "review stopped after N s at statement K ...". The findings before it are kept but
// incomplete, so a caller must count such a review as risk unknown, never as clean (Review::stopped). Zero
// means no limit.
struct Budget
{
    // Wall time from the start of lint(), checked between statements (the parse of the whole text is one
    // step and is not interrupted).
    std::chrono::milliseconds time{0};
    // Bytes of parse trees the review holds (ParseTree::bytes: the decoded nodes and their text), checked
    // once the text is parsed. It is the memory that grows with the input; the engine's other tables are a
    // fraction of it.
    std::size_t memoryBytes = 0;
    // The clock the time budget reads; steady_clock when empty. Tests give one that advances as they say.
    std::function<std::chrono::steady_clock::time_point()> clock;
};

// The rule id of the finding a review that ran out of budget ends with.
inline constexpr std::string_view kBudgetExceeded = "review-budget-exceeded";

// The result of reviewing one migration: its statements with their facts, and the findings, sorted by
// position.
struct Review
{
    Script script;
    std::vector<StatementView> statements;
    std::vector<Finding> findings;
    // The budget ran out: findings holds a review-budget-exceeded finding and is incomplete.
    bool stopped = false;
    // Per rule id, the look-ups the rule made (review::lookups: parse-tree reads and index visits), a
    // measure of its work that does not depend on the machine, for tests that it grows linearly.
    std::map<std::string, std::uint64_t, std::less<>> ruleLookups;

    [[nodiscard]] std::optional<Severity> maxSeverity() const;
};

// Whether the configuration switches a rule on, and the severity it gives the rule's findings.
[[nodiscard]] bool enabled(const Rule &rule, const Config &config);
[[nodiscard]] Severity severityOf(const Rule &rule, const Config &config);

// Reviews a migration: parses it, tracks state across it, runs every enabled rule, applies suppressions.
// Never throws; a parse failure is a syntax-error finding and the statements after it are still reviewed.
[[nodiscard]] Review lint(std::string_view sql, const Config &config = {},
                          const CatalogFacts *catalog = nullptr, const Budget &budget = {});

} // namespace sluice::review
