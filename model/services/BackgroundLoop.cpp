#include "services/BackgroundLoop.h"

#include <QThread>

namespace sluice::model {

BackgroundLoop::BackgroundLoop(QString name, std::function<void(const std::atomic_bool &)> pass)
    : m_name(std::move(name)), m_pass(std::move(pass))
{
}

BackgroundLoop::~BackgroundLoop()
{
    stop();
}

void BackgroundLoop::start()
{
    m_thread.reset(QThread::create([this] { loop(); }));
    m_thread->setObjectName(m_name);
    m_thread->start();
}

void BackgroundLoop::wake()
{
    {
        const std::lock_guard lock(m_mutex);
        m_asked = true;
    }
    m_wake.notify_one();
}

void BackgroundLoop::stop()
{
    if (!m_thread)
        return;
    {
        // Under the mutex, so that the thread cannot miss it between its check and its wait.
        const std::lock_guard lock(m_mutex);
        m_stop.store(true);
    }
    m_wake.notify_one();
    m_thread->wait();
    m_thread.reset();
}

void BackgroundLoop::loop()
{
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_asked || m_stop.load(); });
            if (m_stop.load())
                return;
            m_asked = false;
        }
        m_pass(m_stop);
    }
}

} // namespace sluice::model
