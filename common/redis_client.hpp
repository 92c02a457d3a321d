#pragma once
// An asynchronous Redis client: hiredis's async API driven by an Asio io_context.
//
// Each RedisConnection owns one hiredis context on its own strand; commands are pipelined
// on it. RedisClient spreads commands over a small pool of connections. While Redis is
// unreachable every call fails at once with redis_errc::unavailable, and the connections
// reconnect by themselves with exponential backoff.
//
// With sentinels (RedisOptions::sentinels) the client asks them for the primary of
// `master_name`, checks with ROLE that the server it reached is that primary, and moves to
// the new primary after a failover by itself: on a +switch-master notice (it subscribes on
// every sentinel), on a READONLY answer, and when the connection fails. It never sends a
// command to a server that did not say it is a master.
#include <atomic>
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/redis_url.hpp"

struct redisAsyncContext;

namespace advieslijn {

namespace asio = boost::asio;

class SentinelLocator;

enum class redis_errc {
    unavailable = 1,  // not connected (down, reconnecting, or shutting down)
    timeout,          // Redis did not answer within the command timeout
    connection_lost,  // the connection dropped while the command was in flight
};
const boost::system::error_category& redis_category();
boost::system::error_code make_error_code(redis_errc e);

struct RedisReply {
    enum class Type { nil, string, status, integer, array, error };
    Type type = Type::nil;
    std::string str;  // string, status, error
    long long integer = 0;
    std::vector<RedisReply> elements;

    bool is_error() const { return type == Type::error; }
    bool is_nil() const { return type == Type::nil; }
};

// One command in Redis's wire format (RESP: "*<n>\r\n" then "$<len>\r\n<arg>\r\n" per
// argument), as hiredis's redisFormatCommandArgv writes it. Written here in one allocation of
// the exact size: a callback create sends seventy arguments, and hiredis's formatting
// (an sds string grown by sdscatfmt per argument) was 6 % of its gateway time (perf, issue 19).
std::string resp_command(const std::vector<std::string>& args);

// A field/value array (HGETALL's answer, or a script's flat hash) as field -> value.
std::map<std::string, std::string> hash_fields(const RedisReply& reply);

struct RedisResult {
    boost::system::error_code ec;  // transport failure; Redis error replies are in `reply`
    RedisReply reply;
    // True when the command reached Redis and Redis did not answer with an error.
    bool ok() const { return !ec && !reply.is_error(); }
    // A one-line reason for logs and API errors.
    std::string error_message() const;
};

struct RedisOptions {
    RedisEndpoint endpoint;
    std::chrono::milliseconds connect_timeout{2000};
    std::chrono::milliseconds command_timeout{5000};
    std::chrono::milliseconds backoff_min{100};
    // Reconnect attempts are at most this far apart, so the line is back within about a
    // second of Redis (issue 19: a 5 s cap kept it down up to 5 s longer than Redis).
    std::chrono::milliseconds backoff_max{1000};

    // Sentinel mode when not empty: `endpoint` then gives only user, password and database.
    // The sentinels themselves are reached without AUTH.
    std::vector<RedisEndpoint> sentinels;
    std::string master_name;

    // Called after every command with its time and, when it failed, why: "" (Redis answered
    // without an error), "reply" (an error reply), "readonly" (a READONLY reply),
    // "connection_lost", "unavailable" (not sent: no connection). For metrics; it runs on
    // an I/O thread and must be quick and thread-safe.
    std::function<void(std::chrono::nanoseconds, std::string_view)> observer;

    // Set by RedisClient for its connections, not by callers.
    std::shared_ptr<SentinelLocator> locator;  // where the primary is
    bool require_master = false;               // handshake with ROLE, refuse a replica
    std::string subscribe_channel;             // SUBSCRIBE after connecting (sentinel notices)
    std::function<void(const RedisReply&)> on_message;  // each message of that channel
};

using RedisHandler = asio::any_completion_handler<void(boost::system::error_code, RedisReply)>;

class RedisConnection : public std::enable_shared_from_this<RedisConnection> {
public:
    RedisConnection(asio::io_context& ioc, RedisOptions options);
    ~RedisConnection();
    RedisConnection(const RedisConnection&) = delete;
    RedisConnection& operator=(const RedisConnection&) = delete;

    void start();  // connect, and keep reconnecting until stop()
    void stop();   // close for good; pending commands fail with connection_lost
    bool ready() const { return ready_.load(); }
    // Connected, and no command has waited longer than `within` for an answer. A frozen Redis
    // keeps its socket open, so ready() stays true until the command timeout; this does not.
    bool answering(std::chrono::milliseconds within) const;

    // Sends one command; the handler runs on its own associated executor.
    void command(std::vector<std::string> args, RedisHandler handler);
    // Sends the commands back to back on this one connection (WAIT must follow its write on
    // the same connection). The handler gets an array reply with one element per command,
    // or the first transport error.
    void pipeline(std::vector<std::vector<std::string>> commands, RedisHandler handler);
    // Sentinel mode: the primary may have moved; drop a connection to another server and
    // connect at once when not connected.
    void retarget();

private:
    struct Adapter;
    struct Pending;
    static void on_connect(const redisAsyncContext* c, int status);
    static void on_disconnect(const redisAsyncContext* c, int status);
    static void on_reply(redisAsyncContext* c, void* reply, void* privdata);
    static void on_handshake(redisAsyncContext* c, void* reply, void* privdata);
    static void on_message(redisAsyncContext* c, void* reply, void* privdata);

    void do_connect();
    void do_send(std::vector<std::string> args, RedisHandler handler);
    void observe(std::chrono::steady_clock::time_point started, std::string_view error) const;
    void primary_lost(const char* why);  // sentinel mode: ask again, reconnect
    void on_down(const char* why);
    void schedule_reconnect();
    void arm_watchdog();
    void force_close(const char* why);
    void publish_progress();  // on the strand, after in_flight_ or last_progress_ change

    asio::io_context& ioc_;
    asio::strand<asio::io_context::executor_type> strand_;
    RedisOptions options_;
    asio::steady_timer reconnect_timer_;
    asio::steady_timer watchdog_;
    redisAsyncContext* ctx_ = nullptr;
    RedisEndpoint target_;  // the server this connection is (or was last) connected to
    std::shared_ptr<Adapter> adapter_;
    std::atomic<bool> ready_{false};
    bool stopped_ = false;
    bool connecting_ = false;
    std::chrono::milliseconds backoff_;
    std::chrono::steady_clock::time_point connect_started_{};
    std::chrono::steady_clock::time_point last_progress_{};
    std::size_t in_flight_ = 0;
    // Since when the oldest command in flight has waited (steady clock, ns); 0: none waits.
    // Written on the strand, read by answering() from any thread.
    std::atomic<std::int64_t> waiting_since_{0};
};

// A Lua script run by SHA; loaded with EVAL the first time Redis says NOSCRIPT.
struct RedisScript {
    explicit RedisScript(std::string source);
    std::string source;
    std::string sha1;  // hex
};

// One command of RedisClient::batch: a plain command, or a script run by SHA (`script` set,
// `command` its EVALSHA), which batch runs again with EVAL where Redis says NOSCRIPT.
struct RedisCall {
    std::vector<std::string> command;
    const RedisScript* script = nullptr;  // must outlive the batch (a static, like eval's)

    static RedisCall eval(const RedisScript& script, std::vector<std::string> keys,
                          std::vector<std::string> args);
};

// A Redis Functions library: its FUNCTION LOAD source ("#!lua name=..." first), loaded the
// first time Redis says one of its functions is not found.
struct RedisLibrary {
    std::string source;
};

class RedisClient {
public:
    // connections == 0 picks one.
    RedisClient(asio::io_context& ioc, RedisOptions options, int connections);
    ~RedisClient();

    void start();
    void stop();
    bool ready() const;  // at least one connection is up
    // At least one connection is up, and none that is up has a command waiting longer than
    // `within` (RedisConnection::answering): a frozen Redis shows within that time.
    bool answering(std::chrono::milliseconds within) const;

    template <typename Token>
    auto async_command(std::vector<std::string> args, Token&& token) {
        return asio::async_initiate<Token, void(boost::system::error_code, RedisReply)>(
            [this](auto handler, std::vector<std::string> a) {
                dispatch(std::move(a), RedisHandler(std::move(handler)));
            },
            token, std::move(args));
    }

    // Coroutine forms; never throw for Redis or transport errors.
    asio::awaitable<RedisResult> command(std::vector<std::string> args);
    asio::awaitable<RedisResult> eval(const RedisScript& script, std::vector<std::string> keys,
                                      std::vector<std::string> args);
    // Sends the calls back to back on one connection: one round trip for all of them. One
    // result per call, in order; a transport error fails every call (which of them Redis ran
    // is not known). Not a transaction: other clients' commands may run between them. A
    // script Redis has not cached yet runs by its source in a second round trip, after the
    // calls that followed it: batch calls that do not depend on each other's order.
    asio::awaitable<std::vector<RedisResult>> batch(std::vector<RedisCall> calls);
    // FCALL `function` of `library`, loading the library first where Redis lacks it.
    // `library` must outlive the call (a static, like a RedisScript).
    asio::awaitable<RedisResult> fcall(const RedisLibrary& library, std::string function,
                                       std::vector<std::string> keys,
                                       std::vector<std::string> args);
    // fcall, then `WAIT replicas timeout` on the same connection. `first` is the FCALL's
    // result; `second` is WAIT's (an integer: how many replicas confirmed the write).
    asio::awaitable<std::pair<RedisResult, RedisResult>> fcall_and_wait(
        const RedisLibrary& library, std::string function, std::vector<std::string> keys,
        std::vector<std::string> args, int replicas, std::chrono::milliseconds timeout);

private:
    void dispatch(std::vector<std::string> args, RedisHandler handler);
    asio::awaitable<RedisResult> pipeline(std::vector<std::vector<std::string>> commands);
    asio::io_context& ioc_;
    std::function<void(std::chrono::nanoseconds, std::string_view)> observer_;
    std::shared_ptr<SentinelLocator> locator_;
    std::vector<std::shared_ptr<RedisConnection>> connections_;
    std::atomic<std::size_t> next_{0};
};

}  // namespace advieslijn

template <>
struct boost::system::is_error_code_enum<advieslijn::redis_errc> : std::true_type {};
