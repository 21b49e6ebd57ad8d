#pragma once

#include "queue/Result.h"
#include "queue/Types.h"
#include "review/Config.h"

#include <atomic>
#include <functional>

namespace sluice::model {

class QueueClient;

// Reviews revisions that have no review from this engine version yet, with the review engine, and stores the
// findings bound to each revision's sha256 and the engine version. Revisions are claimed for a lease (FOR
// UPDATE SKIP LOCKED), so two instances never review the same revision at once.
class ReviewWorker
{
public:
    // reviewToml: the rule configuration (TOML, see docs/lint-config.md); each revision is reviewed with the
    // settings of its target's environment. instance names the claimant; a claim not stored within
    // leaseSeconds (its instance died) goes to another instance.
    explicit ReviewWorker(QueueClient &queue, QByteArray reviewToml = {}, QString instance = {},
                          int leaseSeconds = 60);

    // Reviews everything pending, or until *stop (checked between two revisions); returns how many reviews
    // were stored. held, when set, is called with each claimed revision before it is reviewed (sluiced's
    // test hook that holds a review).
    [[nodiscard]] Result<int> reviewPending(const std::atomic_bool *stop = nullptr,
                                            const std::function<void(const PendingReview &)> &held = {});

    [[nodiscard]] static Review review(const QByteArray &sql, const review::Config &config = {});

private:
    QueueClient &m_queue;
    QByteArray m_toml;
    QString m_instance;
    int m_leaseSeconds;
};

} // namespace sluice::model
