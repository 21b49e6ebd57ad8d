#pragma once

#include "queue/Result.h"
#include "queue/Types.h"

namespace sluice::model {

class QueueClient;

// Reviews revisions that have no review from this engine version yet and stores the findings bound to each
// revision's sha256. For now the review is the parse: a syntax error is an error-severity finding at its
// line.
class ReviewWorker
{
public:
    explicit ReviewWorker(QueueClient &queue) : m_queue(queue) {}

    // Reviews everything pending; returns how many reviews were stored.
    [[nodiscard]] Result<int> reviewPending();

    [[nodiscard]] static Review review(const QByteArray &sql);

private:
    QueueClient &m_queue;
};

} // namespace sluice::model
