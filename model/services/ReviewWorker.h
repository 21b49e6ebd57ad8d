#pragma once

#include "queue/Result.h"
#include "queue/Types.h"
#include "review/Config.h"

namespace sluice::model {

class QueueClient;

// Reviews revisions that have no review from this engine version yet, with the review engine, and stores the
// findings bound to each revision's sha256 and the engine version.
class ReviewWorker
{
public:
    // reviewToml: the rule configuration (TOML, see docs/lint-config.md); each revision is reviewed with the
    // settings of its target's environment.
    explicit ReviewWorker(QueueClient &queue, QByteArray reviewToml = {});

    // Reviews everything pending; returns how many reviews were stored.
    [[nodiscard]] Result<int> reviewPending();

    [[nodiscard]] static Review review(const QByteArray &sql, const review::Config &config = {});

private:
    QueueClient &m_queue;
    QByteArray m_toml;
};

} // namespace sluice::model
