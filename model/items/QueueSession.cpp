#include "items/QueueSession.h"

#include "queue/QueueClient.h"
#include "queue/QueueListener.h"

namespace sluice::model {

namespace {
// NOTIFY bursts (a sluiced reviewing twenty revisions) become one refresh.
constexpr int kRefreshDebounceMs = 60;
} // namespace

QueueSession::QueueSession(QString conninfo, QObject *parent)
    : QObject(parent), m_conninfo(std::move(conninfo)),
      m_client(std::make_shared<std::unique_ptr<QueueClient>>())
{
    m_worker.setMaxThreadCount(1);
    m_refreshDebounce.setSingleShot(true);
    m_refreshDebounce.setInterval(kRefreshDebounceMs);
    connect(&m_refreshDebounce, &QTimer::timeout, this, [this] {
        refresh();
        if (m_openChange != 0)
            loadChange(m_openChange);
    });
}

QueueSession::~QueueSession()
{
    m_worker.waitForDone();
}

template <class T>
void QueueSession::run(std::function<Result<T>(QueueClient &)> work,
                       std::function<void(const Result<T> &)> done)
{
    auto client = m_client;
    const auto conninfo = m_conninfo;
    // The destructor waits for the worker, so `this` outlives the task; a result queued to a session that is
    // gone meanwhile is dropped with it.
    m_worker.start([this, client, conninfo, work = std::move(work), done = std::move(done)]() {
        // Reconnect on demand: a lost connection is re-established on the next request.
        std::optional<Result<T>> result;
        if (!*client) {
            auto connected = QueueClient::connect(conninfo);
            if (!connected)
                result.emplace(connected.error());
            else
                *client = std::move(*connected);
        }
        if (!result) {
            result.emplace(work(**client));
            if (!result->ok() && result->error().kind == Error::Kind::Connection)
                client->reset();
        }
        QMetaObject::invokeMethod(
            this, [done, r = std::move(*result)]() { done(r); }, Qt::QueuedConnection);
    });
}

void QueueSession::open()
{
    run<Identity>([](QueueClient &c) -> Result<Identity> { return c.identity(); },
                  [this](const Result<Identity> &r) {
                      if (!r) {
                          emit openFailed(r.error().message);
                          return;
                      }
                      m_identity = *r;
                      m_listener = new QueueListener(m_conninfo, this);
                      connect(m_listener, &QueueListener::connectedChanged, this,
                              [this](bool connected, const QString &reason) {
                                  m_live = connected;
                                  emit liveChanged(connected, reason);
                                  if (connected)
                                      refresh(); // catch up on what happened while we were not listening
                              });
                      // An event names no change (it could be forged, and would tell any login about every
                      // change): the audit row it points to, read as this login may, says which change to
                      // re-read; without one, the whole queue is re-read.
                      connect(m_listener, &QueueListener::notified, this, &QueueSession::reread);
                      emit opened(m_identity);
                      m_listener->start();
                  });
}

void QueueSession::reread(qint64 auditSeq)
{
    if (auditSeq == 0) {
        m_refreshDebounce.start();
        return;
    }
    run<std::optional<ChangeId>>([auditSeq](QueueClient &c) { return c.auditedChange(auditSeq); },
                                 [this](const Result<std::optional<ChangeId>> &r) {
                                     if (!r || !r->has_value()) {
                                         m_refreshDebounce.start();
                                         return;
                                     }
                                     refreshChange(**r);
                                     if (**r == m_openChange)
                                         loadChange(**r);
                                 });
}

void QueueSession::refresh()
{
    run<QList<ChangeSummary>>([](QueueClient &c) { return c.changes(); },
                              [this](const Result<QList<ChangeSummary>> &r) {
                                  if (r)
                                      emit changesLoaded(*r);
                                  else
                                      emit loadFailed(r.error().message);
                              });
}

void QueueSession::refreshChange(ChangeId id)
{
    run<std::optional<ChangeSummary>>([id](QueueClient &c) { return c.changeSummary(id); },
                                      [this, id](const Result<std::optional<ChangeSummary>> &r) {
                                          if (!r)
                                              emit loadFailed(r.error().message);
                                          else if (r->has_value())
                                              emit changeUpdated(**r);
                                          else
                                              emit changeHidden(id);
                                      });
}

void QueueSession::loadChange(ChangeId id)
{
    m_openChange = id;
    run<ChangeDetail>([id](QueueClient &c) { return c.change(id); },
                      [this, id](const Result<ChangeDetail> &r) {
                          if (id != m_openChange)
                              return; // the user has moved on
                          if (r)
                              emit changeLoaded(*r);
                          else
                              emit loadFailed(r.error().message);
                      });
}

void QueueSession::approve(ChangeId id, const QString &sha256, const QString &comment,
                           const QList<FindingOverride> &overrides)
{
    run<QString>([=](QueueClient &c) { return c.approve(id, sha256, comment, overrides); },
                 [this, id](const Result<QString> &r) {
                     if (r) {
                         emit actionSucceeded(
                             id, *r == QLatin1String("approved")
                                     ? tr("Change %1 approved.").arg(id)
                                     : tr("Your approval of change %1 is recorded; it needs more "
                                          "approvals.")
                                           .arg(id));
                     } else {
                         emit actionFailed(id, r.error().message);
                     }
                     // Show the state as the database has it after the action, whatever happened.
                     loadChange(id);
                     refresh();
                 });
}

void QueueSession::reject(ChangeId id, const QString &comment)
{
    run<bool>(
        [=](QueueClient &c) -> Result<bool> {
            const auto r = c.reject(id, comment);
            if (!r)
                return r.error();
            return true;
        },
        [this, id](const Result<bool> &r) {
            if (r)
                emit actionSucceeded(id, tr("Change %1 rejected.").arg(id));
            else
                emit actionFailed(id, r.error().message);
            loadChange(id);
            refresh();
        });
}

} // namespace sluice::model
