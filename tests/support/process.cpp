#include "tests/support/process.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <stdexcept>

#include "tests/support/redis_server.hpp"

namespace advieslijn::test {

namespace asio = boost::asio;
namespace http = boost::beast::http;

Process::Process(std::vector<std::string> argv, std::string log_file,
                 std::map<std::string, std::string> env)
    : log_file_(std::move(log_file)) {
    pid_ = ::fork();
    if (pid_ == 0) {
        for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
        std::vector<char*> args;
        for (auto& a : argv) args.push_back(a.data());
        args.push_back(nullptr);
        if (FILE* f = std::fopen(log_file_.c_str(), "w")) {
            ::dup2(fileno(f), 1);
            ::dup2(fileno(f), 2);
        }
        ::execv(args[0], args.data());
        ::_exit(127);
    }
}

Process::~Process() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    ::unlink(log_file_.c_str());
}

void Process::signal(int sig) {
    if (pid_ > 0) ::kill(pid_, sig);
}

int Process::wait(std::chrono::milliseconds within) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    while (pid_ > 0) {  // looks once even when `within` is zero
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        if (std::chrono::steady_clock::now() >= deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
}

std::string Process::log() const {
    std::ifstream in(log_file_);
    return {std::istreambuf_iterator<char>(in), {}};
}

CommandResult run_command(const std::string& command, const std::string& input) {
    static int counter = 0;
    const std::string in_file = "/tmp/advieslijn-cmd-in-" + std::to_string(::getpid()) + "-" +
                                std::to_string(counter++);
    std::ofstream(in_file) << input;
    const std::string cmd = command + " < " + in_file + " 2>&1";
    CommandResult out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return out;
    char buf[512];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.output.append(buf, n);
    const int status = ::pclose(p);
    ::unlink(in_file.c_str());
    out.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

HttpReply http_request(std::uint16_t port, const std::string& method, const std::string& target,
                       const std::string& body, const std::map<std::string, std::string>& headers) {
    try {
        asio::io_context ioc;
        asio::ip::tcp::socket s(ioc);
        s.connect({asio::ip::make_address("127.0.0.1"), port});
        http::request<http::string_body> req{http::string_to_verb(method), target, 11};
        req.set(http::field::host, "localhost");
        for (const auto& [k, v] : headers) req.set(k, v);
        if (!body.empty() || method == "POST") {
            req.body() = body;
            if (req[http::field::content_type].empty())
                req.set(http::field::content_type, "application/json");
            req.prepare_payload();
        }
        http::write(s, req);
        boost::beast::flat_buffer buf;
        http::response<http::string_body> res;
        http::read(s, buf, res);
        HttpReply reply{static_cast<int>(res.result_int()), res.body(), {}};
        for (const auto& f : res) {
            std::string name(f.name_string());
            for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            reply.headers[name] = std::string(f.value());
        }
        return reply;
    } catch (const std::exception&) {
        return {};
    }
}

ServerProcess::ServerProcess(const std::string& binary, const std::string& redis_url,
                             std::map<std::string, std::string> env, std::string config) {
    const char* src = std::getenv("ADVIESLIJN_SOURCE_DIR");
    if (config.empty()) config = std::string(src ? src : ".") + "/ops/config/default.json";
    static int counter = 0;
    // Ready is /readyz 200 from this process: a gateway that could not bind its port exits,
    // and whatever else holds the port may answer 200 too. Then another port.
    std::string last_log;
    for (int attempt = 0; attempt < 5; ++attempt) {
        port_ = free_port();
        const std::string log = "/tmp/advieslijn-server-" + std::to_string(::getpid()) + "-" +
                                std::to_string(counter++) + ".log";
        process_ = std::make_unique<Process>(
            std::vector<std::string>{binary, "serve", "--config", config, "--listen",
                                     "127.0.0.1:" + std::to_string(port_), "--redis", redis_url},
            log, env);
        bool exited = false;
        const bool ready = eventually(
            [&] {
                if (process_->wait(std::chrono::milliseconds(0)) != -1) return exited = true;
                return listens_on(process_->pid(), port_) && request("GET", "/readyz").status == 200;
            },
            std::chrono::seconds(60));
        if (ready && !exited) return;
        last_log = process_->log();
        if (!exited) break;  // running but never ready: not a port problem
    }
    throw std::runtime_error("server did not become ready:\n" + last_log);
}

}  // namespace advieslijn::test
