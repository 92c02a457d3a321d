#pragma once
// Test harness pieces: a child process (the real `advieslijn` binary), a tiny HTTP client
// over a real socket, and polling for a condition.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace advieslijn::test {

class Process {
public:
    // Runs argv[0] with the arguments; stdout and stderr go to `log_file`. `env` is added
    // to the environment.
    Process(std::vector<std::string> argv, std::string log_file,
            std::map<std::string, std::string> env = {});
    ~Process();  // SIGKILL if still running
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    void signal(int sig);
    // Exit code (128 + signal when killed), or -1 if it did not end within `within`.
    int wait(std::chrono::milliseconds within);
    std::string log() const;
    pid_t pid() const { return pid_; }  // -1 once it has been waited for

private:
    pid_t pid_ = -1;
    std::string log_file_;
};

struct HttpReply {
    int status = 0;  // 0: no answer (connection refused or dropped)
    std::string body;
    std::map<std::string, std::string> headers;  // names lower-cased
};

HttpReply http_request(std::uint16_t port, const std::string& method, const std::string& target,
                       const std::string& body = {},
                       const std::map<std::string, std::string>& headers = {});

struct CommandResult {
    int code = -1;  // exit status; -1 when it did not exit normally
    std::string output;  // standard output and error, interleaved
};
// Runs `command` through the shell with `input` on its standard input.
CommandResult run_command(const std::string& command, const std::string& input = {});

template <typename F>
bool eventually(F cond, std::chrono::milliseconds within = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < deadline) {
        if (cond()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return cond();
}

// The line's rate limits count in windows aligned to the clock (common/rate_counter.hpp): a
// test whose requests must land in one window starts them at least `margin` before the
// current window of length `window` ends, sleeping into the next one if need be.
inline void start_clear_of_window_end(std::chrono::seconds window, std::chrono::seconds margin) {
    const auto into = std::chrono::system_clock::now().time_since_epoch() % window;
    if (window - into < margin) std::this_thread::sleep_for(window - into + std::chrono::milliseconds(200));
}

// Starts the real server binary against `redis_url` on a free port and waits until
// /readyz answers 200 from it (on another port when the first was taken). The config
// defaults to ops/config/default.json.
class ServerProcess {
public:
    ServerProcess(const std::string& binary, const std::string& redis_url,
                  std::map<std::string, std::string> env = {}, std::string config = {});
    std::uint16_t port() const { return port_; }
    Process& process() { return *process_; }
    HttpReply request(const std::string& method, const std::string& target,
                      const std::string& body = {},
                      const std::map<std::string, std::string>& headers = {}) const {
        return http_request(port_, method, target, body, headers);
    }

private:
    std::uint16_t port_ = 0;
    std::unique_ptr<Process> process_;
};

}  // namespace advieslijn::test
