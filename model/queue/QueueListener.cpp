#include "queue/QueueListener.h"

#include "queue/Pg.h"

#include <QSocketNotifier>

namespace sluice::model {

namespace {
constexpr const char *kChannel = "sluice";
constexpr int kFirstRetryMs = 500;
constexpr int kMaxRetryMs = 10000;
} // namespace

class Receiver : public pqxx::notification_receiver
{
public:
    Receiver(pqxx::connection_base &c, QueueListener *listener)
        : pqxx::notification_receiver(c, kChannel), m_listener(listener)
    {
    }
    // Whoever sent it, only a re-read says what is true.
    void operator()(const std::string &payload, int) override
    {
        bool ok = false;
        const auto seq = QByteArray::fromStdString(payload).toLongLong(&ok);
        emit m_listener->notified(ok && seq > 0 ? seq : 0);
    }

private:
    QueueListener *m_listener;
};

struct QueueListener::Private
{
    std::unique_ptr<pqxx::connection> connection;
    std::unique_ptr<Receiver> receiver;
};

QueueListener::QueueListener(QString conninfo, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>()), m_conninfo(std::move(conninfo))
{
    m_retry.setSingleShot(true);
    m_retry.setInterval(kFirstRetryMs);
    connect(&m_retry, &QTimer::timeout, this, &QueueListener::connectNow);
}

QueueListener::~QueueListener()
{
    delete m_notifier;
    d->receiver.reset();
}

void QueueListener::start()
{
    connectNow();
}

bool QueueListener::isConnected() const
{
    return d->connection && d->connection->is_open() && m_notifier;
}

void QueueListener::connectNow()
{
    auto connection = pg::connect(m_conninfo);
    if (!connection) {
        lose(connection.error().message);
        return;
    }
    d->connection = std::move(*connection);
    const auto listening =
        pg::guarded([&] { d->receiver = std::make_unique<Receiver>(*d->connection, this); });
    if (!listening) {
        lose(listening.error().message);
        return;
    }
    m_notifier = new QSocketNotifier(d->connection->sock(), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &QueueListener::drain);
    m_retry.setInterval(kFirstRetryMs);
    emit connectedChanged(true, {});
}

void QueueListener::drain()
{
    const auto drained = pg::guarded([&] {
        d->connection->get_notifs();
        // A closed socket reads as readable with nothing to read; libpq then reports the connection bad.
        if (!d->connection->is_open())
            throw pqxx::broken_connection("the queue server closed the connection");
    });
    if (!drained)
        lose(drained.error().message);
}

void QueueListener::lose(const QString &reason)
{
    delete m_notifier;
    m_notifier = nullptr;
    d->receiver.reset();
    d->connection.reset();
    emit connectedChanged(false, reason);
    m_retry.start();
    m_retry.setInterval(std::min(m_retry.interval() * 2, kMaxRetryMs));
}

} // namespace sluice::model
