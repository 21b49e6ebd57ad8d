#pragma once

#include <QString>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

class QThread;

namespace sluice::model {

// A thread that does one pass of work each time it is woken, until stopped: sluiced's reviews and its
// analyses each run on one, so that neither a long review nor a dry run waiting on a target holds up an
// approved change.
class BackgroundLoop
{
public:
    // pass runs on the thread; it should return soon after *stop becomes true.
    BackgroundLoop(QString name, std::function<void(const std::atomic_bool &stop)> pass);
    ~BackgroundLoop();
    BackgroundLoop(const BackgroundLoop &) = delete;
    BackgroundLoop &operator=(const BackgroundLoop &) = delete;

    void start();
    void wake();
    // Lets the pass in hand finish, then joins the thread.
    void stop();
    [[nodiscard]] const std::atomic_bool &stopping() const { return m_stop; }

private:
    void loop();

    QString m_name;
    std::function<void(const std::atomic_bool &)> m_pass;
    std::unique_ptr<QThread> m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_asked = false; // guarded by m_mutex
    std::atomic_bool m_stop{false};
};

} // namespace sluice::model
