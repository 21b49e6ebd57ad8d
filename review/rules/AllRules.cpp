// The one registry of rules, in catalog order. Adding a rule: its file under rules/, one extern line and one
// entry here, a fixture tests/review/rules/<id>.sql and a doc page resources/rules/<id>.md.

#include "Rule.h"

#include <array>

namespace sluice::review {
namespace rules {
// 1. Locking / rewrite
// group: locking decls
extern const Rule requireConcurrentIndexCreation;
// 2. Data loss / integrity
// group: dataloss decls
// 3. Data-dependent
// group: datadependent decls
// 4. Backward compatibility
// group: compat decls
// 5. Performance
// group: performance decls
// 6. Naming / style / schema design
// group: naming decls
// 7. Security / privilege
// group: security decls
// 8. Transaction safety
// group: transaction decls
// 9. Meta
// group: meta decls
extern const Rule syntaxError;
extern const Rule unusedIgnore;
extern const Rule suppressionWithoutReason;
} // namespace rules

namespace {
const std::array kRules{
    // group: locking entries
    &rules::requireConcurrentIndexCreation,
    // group: dataloss entries
    // group: datadependent entries
    // group: compat entries
    // group: performance entries
    // group: naming entries
    // group: security entries
    // group: transaction entries
    // group: meta entries
    &rules::syntaxError,
    &rules::unusedIgnore,
    &rules::suppressionWithoutReason,
};
} // namespace

std::span<const Rule *const> allRules() { return kRules; }

const Rule *findRule(std::string_view id)
{
    for (const Rule *rule : kRules) {
        if (rule->id == id)
            return rule;
    }
    return nullptr;
}

} // namespace sluice::review
