#include "common/redis_client.hpp"

#include "common/redis_sentinel.hpp"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <openssl/evp.h>
#include <charconv>
#include <csignal>
#include <cstring>
#include <mutex>
#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace advieslijn {

std::string resp_command(const std::vector<std::string>& args) {
    // "$" + the length's digits + CRLF + the bytes + CRLF per argument, after the header.
    const auto digits = [](std::size_t n) {
        std::size_t d = 1;
        while (n >= 10) n /= 10, ++d;
        return d;
    };
    std::size_t size = 1 + digits(args.size()) + 2;
    for (const auto& a : args) size += 1 + digits(a.size()) + 2 + a.size() + 2;
    std::string out;
    out.resize(size);
    char* p = out.data();
    char* const end = p + size;
    const auto number = [&](char mark, std::size_t n) {
        *p++ = mark;
        p = std::to_chars(p, end, n).ptr;
        *p++ = '\r';
        *p++ = '\n';
    };
    number('*', args.size());
    for (const auto& a : args) {
        number('$', a.size());
        std::memcpy(p, a.data(), a.size());
        p += a.size();
        *p++ = '\r';
        *p++ = '\n';
    }
    return out;
}

namespace {

class RedisCategory final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "redis"; }
    std::string message(int ev) const override {
        switch (static_cast<redis_errc>(ev)) {
            case redis_errc::unavailable: return "Redis is unavailable";
            case redis_errc::timeout: return "Redis did not answer in time";
            case redis_errc::connection_lost: return "the connection to Redis was lost";
        }
        return "unknown Redis error";
    }
};

RedisReply convert(const redisReply* r) {
    RedisReply out;
    switch (r->type) {
        case REDIS_REPLY_STRING:
            out.type = RedisReply::Type::string;
            out.str.assign(r->str, r->len);
            break;
        case REDIS_REPLY_STATUS:
            out.type = RedisReply::Type::status;
            out.str.assign(r->str, r->len);
            break;
        case REDIS_REPLY_ERROR:
            out.type = RedisReply::Type::error;
            out.str.assign(r->str, r->len);
            break;
        case REDIS_REPLY_INTEGER:
            out.type = RedisReply::Type::integer;
            out.integer = r->integer;
            break;
        case REDIS_REPLY_ARRAY:
            out.type = RedisReply::Type::array;
            out.elements.reserve(r->elements);
            for (std::size_t i = 0; i < r->elements; ++i) out.elements.push_back(convert(r->element[i]));
            break;
        default: out.type = RedisReply::Type::nil;
    }
    return out;
}

// Completes a handler on its own executor, never inline: hiredis callbacks must not run
// user code that might free the context they are called from.
void complete(RedisHandler handler, boost::system::error_code ec, RedisReply reply,
              const asio::any_io_executor& fallback) {
    auto ex = asio::get_associated_executor(handler, fallback);
    asio::post(fallback, asio::bind_executor(ex, [h = std::move(handler), ec,
                                                  r = std::move(reply)]() mutable {
                   std::move(h)(ec, std::move(r));
               }));
}

}  // namespace

const boost::system::error_category& redis_category() {
    static const RedisCategory category;
    return category;
}

boost::system::error_code make_error_code(redis_errc e) {
    return {static_cast<int>(e), redis_category()};
}

std::map<std::string, std::string> hash_fields(const RedisReply& reply) {
    std::map<std::string, std::string> out;
    const auto& e = reply.elements;
    for (std::size_t i = 0; i + 1 < e.size(); i += 2) out.emplace(e[i].str, e[i + 1].str);
    return out;
}

std::string RedisResult::error_message() const {
    if (ec) return ec.message();
    if (reply.is_error()) return reply.str;
    return {};
}

// Bridges hiredis's event hooks to an Asio descriptor. Lives on the connection's strand.
// Pending waits hold a shared_ptr, so the adapter outlives the hiredis context safely;
// `ctx` turns null in cleanup, after which no hiredis call is made.
struct RedisConnection::Adapter : std::enable_shared_from_this<Adapter> {
    Adapter(asio::strand<asio::io_context::executor_type> strand, int fd, redisAsyncContext* c)
        : sd(strand, fd), ctx(c) {}

    asio::posix::stream_descriptor sd;
    redisAsyncContext* ctx;
    bool reading = false, writing = false;
    bool read_waiting = false, write_waiting = false;

    void wait_read() {
        if (read_waiting || !ctx) return;
        read_waiting = true;
        sd.async_wait(asio::posix::stream_descriptor::wait_read,
                      [self = shared_from_this()](boost::system::error_code ec) {
                          self->read_waiting = false;
                          if (ec || !self->ctx || !self->reading) return;
                          redisAsyncHandleRead(self->ctx);
                          if (self->ctx && self->reading) self->wait_read();
                      });
    }
    void wait_write() {
        if (write_waiting || !ctx) return;
        write_waiting = true;
        sd.async_wait(asio::posix::stream_descriptor::wait_write,
                      [self = shared_from_this()](boost::system::error_code ec) {
                          self->write_waiting = false;
                          if (ec || !self->ctx || !self->writing) return;
                          redisAsyncHandleWrite(self->ctx);
                          if (self->ctx && self->writing) self->wait_write();
                      });
    }

    static void add_read(void* p) {
        auto* a = static_cast<Adapter*>(p);
        a->reading = true;
        a->wait_read();
    }
    static void del_read(void* p) { static_cast<Adapter*>(p)->reading = false; }
    static void add_write(void* p) {
        auto* a = static_cast<Adapter*>(p);
        a->writing = true;
        a->wait_write();
    }
    static void del_write(void* p) { static_cast<Adapter*>(p)->writing = false; }
    // hiredis closes the socket itself: release it from Asio (this also cancels the waits).
    // Safe to call twice.
    static void cleanup(void* p) {
        auto* a = static_cast<Adapter*>(p);
        a->ctx = nullptr;
        a->reading = a->writing = false;
        if (a->sd.is_open()) a->sd.release();
    }
};

struct RedisConnection::Pending {
    RedisHandler handler;
    std::chrono::steady_clock::time_point started;
};

namespace {

// hiredis writes with send(fd, …, 0): a command written to a connection Redis has just reset
// (kill -9, a failover, a network cut) raises SIGPIPE, whose default action ends the whole
// process: the gateway died with Redis in a fault test. hiredis leaves it to its users to
// ignore the signal; the write then fails with EPIPE and the connection reconnects as for
// any other loss. Asio's own sockets send with MSG_NOSIGNAL and never raise it.
void ignore_sigpipe() {
    static std::once_flag once;
    std::call_once(once, [] { std::signal(SIGPIPE, SIG_IGN); });
}

}  // namespace

RedisConnection::RedisConnection(asio::io_context& ioc, RedisOptions options)
    : ioc_(ioc),
      strand_(asio::make_strand(ioc)),
      options_(std::move(options)),
      reconnect_timer_(strand_),
      watchdog_(strand_),
      backoff_(options_.backoff_min) {
    ignore_sigpipe();
}

namespace {
// The executor on_reply hands the failed commands of a connection being destroyed to.
thread_local const asio::any_io_executor* t_orphan_executor = nullptr;
}  // namespace

RedisConnection::~RedisConnection() {
    if (ctx_) {
        // redisAsyncFree fails the commands still waiting. Their handlers go to this
        // connection's io_context, which outlives it and destroys whatever it has not run.
        // Not to the system executor: its queue is destroyed only at exit, after the
        // io_context the handlers refer to (ASan saw that use after free).
        const asio::any_io_executor orphans(strand_);
        t_orphan_executor = &orphans;
        ctx_->data = nullptr;
        redisAsyncFree(ctx_);
        t_orphan_executor = nullptr;
    }
}

void RedisConnection::start() {
    asio::dispatch(strand_, [self = shared_from_this()] {
        self->do_connect();
        self->arm_watchdog();
    });
}

void RedisConnection::stop() {
    asio::dispatch(strand_, [self = shared_from_this()] {
        self->stopped_ = true;
        self->reconnect_timer_.cancel();
        self->watchdog_.cancel();
        self->force_close("stopped");
    });
}

void RedisConnection::do_connect() {
    if (stopped_ || ctx_) return;
    target_ = options_.endpoint;
    if (options_.locator) {
        auto primary = options_.locator->primary();
        if (!primary) {  // the sentinels have not answered yet
            options_.locator->refresh();
            schedule_reconnect();
            return;
        }
        target_.host = primary->host;
        target_.port = primary->port;
    }
    redisAsyncContext* c = redisAsyncConnect(target_.host.c_str(), target_.port);
    if (!c || c->err) {
        spdlog::warn("redis: cannot connect to {}:{}: {}", target_.host, target_.port,
                     c ? c->errstr : "out of memory");
        if (c) redisAsyncFree(c);
        schedule_reconnect();
        return;
    }
    ctx_ = c;
    c->data = this;
    adapter_ = std::make_shared<Adapter>(strand_, c->c.fd, c);
    c->ev.data = adapter_.get();
    c->ev.addRead = &Adapter::add_read;
    c->ev.delRead = &Adapter::del_read;
    c->ev.addWrite = &Adapter::add_write;
    c->ev.delWrite = &Adapter::del_write;
    c->ev.cleanup = &Adapter::cleanup;
    connecting_ = true;
    connect_started_ = std::chrono::steady_clock::now();
    redisAsyncSetDisconnectCallback(c, &RedisConnection::on_disconnect);
    // Registering the connect callback arms the first write wait (hiredis detects the
    // finished non-blocking connect by writability), so the hooks above come first.
    redisAsyncSetConnectCallback(c, &RedisConnection::on_connect);
}

void RedisConnection::on_connect(const redisAsyncContext* c, int status) {
    auto* self = static_cast<RedisConnection*>(c->data);
    if (!self) return;
    if (status != REDIS_OK) {
        // hiredis frees the context after this callback returns.
        spdlog::warn("redis: connect to {}:{} failed: {}", self->target_.host,
                     self->target_.port, c->errstr);
        self->ctx_ = nullptr;
        self->on_down("connect failed");
        // A primary that refuses connections may have died: the sentinels will say so.
        if (self->options_.locator) self->options_.locator->refresh();
        return;
    }
    auto* ac = const_cast<redisAsyncContext*>(c);
    const auto& ep = self->options_.endpoint;
    // AUTH with a user name is the ACL form (Redis 6+); the password alone authenticates
    // the default user (requirepass).
    if (!ep.user.empty())
        redisAsyncCommand(ac, &RedisConnection::on_handshake, nullptr, "AUTH %b %b",
                          ep.user.data(), ep.user.size(), ep.password.data(), ep.password.size());
    else if (!ep.password.empty())
        redisAsyncCommand(ac, &RedisConnection::on_handshake, nullptr, "AUTH %b",
                          ep.password.data(), ep.password.size());
    if (ep.db != 0)
        redisAsyncCommand(ac, &RedisConnection::on_handshake, nullptr, "SELECT %d", ep.db);
    // The last answer is what makes the connection ready: PING's, or in sentinel mode
    // ROLE's, which must say "master" (the sentinels' word can be stale in a failover).
    redisAsyncCommand(ac, &RedisConnection::on_handshake, self,
                      self->options_.require_master ? "ROLE" : "PING");
}

void RedisConnection::on_handshake(redisAsyncContext* c, void* reply, void* privdata) {
    auto* self = static_cast<RedisConnection*>(c->data);
    if (!self || !reply) return;  // dropped: on_disconnect takes care of it
    auto* r = static_cast<redisReply*>(reply);
    if (r->type == REDIS_REPLY_ERROR) {
        spdlog::error("redis: handshake refused: {}", std::string(r->str, r->len));
        // Not from inside hiredis's own callback: close on the next turn.
        asio::post(self->strand_, [w = self->weak_from_this()] {
            if (auto s = w.lock()) s->force_close("handshake refused");
        });
        return;
    }
    if (privdata && self->options_.require_master &&
        !(r->type == REDIS_REPLY_ARRAY && r->elements > 0 &&
          r->element[0]->type == REDIS_REPLY_STRING &&
          std::string(r->element[0]->str, r->element[0]->len) == "master")) {
        spdlog::warn("redis: {}:{} is not the primary; asking the sentinels again",
                     self->target_.host, self->target_.port);
        self->primary_lost("not a master");
        return;
    }
    if (privdata) {
        self->connecting_ = false;
        self->backoff_ = self->options_.backoff_min;
        self->ready_ = true;
        spdlog::info("redis: connected to {}:{}", self->target_.host, self->target_.port);
        if (!self->options_.subscribe_channel.empty())
            redisAsyncCommand(c, &RedisConnection::on_message, nullptr, "SUBSCRIBE %b",
                              self->options_.subscribe_channel.data(),
                              self->options_.subscribe_channel.size());
    }
}

void RedisConnection::on_message(redisAsyncContext* c, void* reply, void*) {
    // hiredis keeps this callback for every message of the subscription.
    auto* self = static_cast<RedisConnection*>(c->data);
    if (!self || !reply || !self->options_.on_message) return;
    self->options_.on_message(convert(static_cast<redisReply*>(reply)));
}

void RedisConnection::primary_lost(const char* why) {
    if (options_.locator) options_.locator->refresh();
    // Not from inside hiredis's own callback: close on the next turn.
    asio::post(strand_, [w = weak_from_this(), why] {
        if (auto s = w.lock()) s->force_close(why);
    });
}

void RedisConnection::retarget() {
    asio::dispatch(strand_, [self = shared_from_this()] {
        if (self->stopped_ || !self->options_.locator) return;
        auto primary = self->options_.locator->primary();
        if (!primary) return;
        if (self->ctx_) {
            if (self->target_.host != primary->host || self->target_.port != primary->port) {
                spdlog::info("redis: primary moved to {}:{}; leaving {}:{}", primary->host,
                             primary->port, self->target_.host, self->target_.port);
                self->force_close("primary moved");
            }
            return;
        }
        // Waiting to reconnect: go now rather than after the backoff.
        self->backoff_ = self->options_.backoff_min;
        self->reconnect_timer_.cancel();
        self->do_connect();
    });
}

void RedisConnection::on_disconnect(const redisAsyncContext* c, int status) {
    auto* self = static_cast<RedisConnection*>(c->data);
    if (!self) return;
    self->ctx_ = nullptr;
    self->on_down(status == REDIS_OK ? "closed" : c->errstr);
    // A failover closes clients of both servers (sentinel sends CLIENT KILL): ask where the
    // primary is now before reconnecting.
    if (self->options_.locator && !self->stopped_) self->options_.locator->refresh();
}

void RedisConnection::on_down(const char* why) {
    connecting_ = false;
    adapter_.reset();
    if (ready_.exchange(false)) {
        if (stopped_) spdlog::info("redis: connection closed");
        else spdlog::warn("redis: connection lost ({})", why);
    }
    schedule_reconnect();
}

void RedisConnection::schedule_reconnect() {
    if (stopped_) return;
    reconnect_timer_.expires_after(backoff_);
    backoff_ = std::min(backoff_ * 2, options_.backoff_max);
    reconnect_timer_.async_wait([w = weak_from_this()](boost::system::error_code ec) {
        if (ec) return;
        if (auto self = w.lock()) self->do_connect();
    });
}

void RedisConnection::force_close(const char* why) {
    if (!ctx_) return;
    redisAsyncContext* c = ctx_;
    // Pending commands are called back with no reply (they fail); on_disconnect clears ctx_.
    redisAsyncFree(c);
    if (ctx_ == c) {  // never connected: hiredis did not call on_disconnect
        ctx_ = nullptr;
        on_down(why);
    }
}

void RedisConnection::arm_watchdog() {
    watchdog_.expires_after(std::chrono::milliseconds(200));
    watchdog_.async_wait([w = weak_from_this()](boost::system::error_code ec) {
        auto self = w.lock();
        if (ec || !self || self->stopped_) return;
        const auto now = std::chrono::steady_clock::now();
        if (self->ctx_ && self->connecting_ &&
            now - self->connect_started_ > self->options_.connect_timeout) {
            spdlog::warn("redis: connect timed out");
            self->force_close("connect timeout");
        } else if (self->ctx_ && self->in_flight_ > 0 &&
                   now - self->last_progress_ > self->options_.command_timeout) {
            spdlog::warn("redis: no answer for {} ms with {} commands in flight; reconnecting",
                         self->options_.command_timeout.count(), self->in_flight_);
            self->force_close("command timeout");
        }
        self->arm_watchdog();
    });
}

void RedisConnection::publish_progress() {
    waiting_since_.store(in_flight_ > 0 ? last_progress_.time_since_epoch().count() : 0,
                         std::memory_order_relaxed);
}

bool RedisConnection::answering(std::chrono::milliseconds within) const {
    if (!ready_.load()) return false;
    const std::int64_t since = waiting_since_.load(std::memory_order_relaxed);
    if (since == 0) return true;
    const auto waited = std::chrono::steady_clock::now().time_since_epoch() -
                        std::chrono::steady_clock::duration(since);
    return waited <= within;
}

void RedisConnection::command(std::vector<std::string> args, RedisHandler handler) {
    asio::dispatch(strand_, [self = shared_from_this(), a = std::move(args),
                             h = std::move(handler)]() mutable {
        self->do_send(std::move(a), std::move(h));
    });
}

void RedisConnection::observe(std::chrono::steady_clock::time_point started,
                              std::string_view error) const {
    if (options_.observer) options_.observer(std::chrono::steady_clock::now() - started, error);
}

void RedisConnection::do_send(std::vector<std::string> args, RedisHandler handler) {
    if (!ready_ || !ctx_) {
        observe(std::chrono::steady_clock::now(), "unavailable");
        complete(std::move(handler), redis_errc::unavailable, {}, strand_);
        return;
    }
    const std::string wire = resp_command(args);
    const auto now = std::chrono::steady_clock::now();
    auto pending = std::make_unique<Pending>(Pending{std::move(handler), now});
    if (in_flight_ == 0) last_progress_ = now;
    if (redisAsyncFormattedCommand(ctx_, &RedisConnection::on_reply, pending.get(), wire.data(),
                                   wire.size()) != REDIS_OK) {
        observe(now, "unavailable");
        complete(std::move(pending->handler), redis_errc::unavailable, {}, strand_);
        return;
    }
    ++in_flight_;
    publish_progress();
    pending.release();  // owned by hiredis until on_reply
}

void RedisConnection::on_reply(redisAsyncContext* c, void* reply, void* privdata) {
    std::unique_ptr<Pending> pending(static_cast<Pending*>(privdata));
    auto* self = static_cast<RedisConnection*>(c->data);
    asio::any_io_executor fallback =
        self                ? asio::any_io_executor(self->strand_)
        : t_orphan_executor ? *t_orphan_executor
                            : asio::any_io_executor(asio::system_executor());
    if (self) {
        --self->in_flight_;
        self->last_progress_ = std::chrono::steady_clock::now();
        self->publish_progress();
    }
    if (!reply) {
        if (self) self->observe(pending->started, "connection_lost");
        complete(std::move(pending->handler), redis_errc::connection_lost, {}, fallback);
        return;
    }
    RedisReply converted = convert(static_cast<redisReply*>(reply));
    const bool readonly = converted.is_error() && converted.str.rfind("READONLY", 0) == 0;
    if (self) self->observe(pending->started, readonly ? "readonly" : converted.is_error() ? "reply" : "");
    // A write answered READONLY reached a replica: the primary we knew was demoted. The
    // caller gets the error (the write did not happen); the connection moves on.
    if (readonly && self && self->options_.locator) self->primary_lost("primary is now a replica");
    complete(std::move(pending->handler), {}, std::move(converted), fallback);
}

void RedisConnection::pipeline(std::vector<std::vector<std::string>> commands,
                               RedisHandler handler) {
    // Gathers the replies; every sub-handler completes on this connection's strand.
    struct Batch {
        // Constructed from the handler, never assigned: Boost 1.81's move assignment of
        // any_completion_handler recurses without end.
        explicit Batch(RedisHandler h) : handler(std::move(h)) {}
        RedisHandler handler;
        boost::system::error_code ec;
        RedisReply replies;
        std::size_t left = 0;
    };
    auto batch = std::make_shared<Batch>(std::move(handler));
    batch->replies.type = RedisReply::Type::array;
    batch->replies.elements.resize(commands.size());
    batch->left = commands.size();
    asio::dispatch(strand_, [self = shared_from_this(), batch,
                             cmds = std::move(commands)]() mutable {
        // One strand turn: no reconnect can come between the commands, so they go out on
        // the same hiredis context (or all fail).
        for (std::size_t i = 0; i < cmds.size(); ++i) {
            self->do_send(std::move(cmds[i]),
                          asio::bind_executor(self->strand_, [self, batch, i](
                                                                 boost::system::error_code ec,
                                                                 RedisReply r) {
                              if (ec && !batch->ec) batch->ec = ec;
                              batch->replies.elements[i] = std::move(r);
                              if (--batch->left == 0)
                                  complete(std::move(batch->handler), batch->ec,
                                           std::move(batch->replies), self->strand_);
                          }));
        }
    });
}

RedisScript::RedisScript(std::string src) : source(std::move(src)) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(source.data(), source.size(), digest, &len, EVP_sha1(), nullptr);
    static constexpr char hex[] = "0123456789abcdef";
    for (unsigned int i = 0; i < len; ++i) {
        sha1 += hex[digest[i] >> 4];
        sha1 += hex[digest[i] & 0xf];
    }
}

RedisClient::RedisClient(asio::io_context& ioc, RedisOptions options, int connections)
    : ioc_(ioc), observer_(options.observer) {
    if (connections <= 0) connections = 2;
    if (!options.sentinels.empty()) {
        locator_ = std::make_shared<SentinelLocator>(ioc, options);
        options.locator = locator_;
        options.require_master = true;
    }
    for (int i = 0; i < connections; ++i)
        connections_.push_back(std::make_shared<RedisConnection>(ioc, options));
}

RedisClient::~RedisClient() {
    if (locator_) locator_->stop();
}

void RedisClient::start() {
    if (locator_) {
        // Weak: the connections hold the locator, so strong pointers here would be a cycle.
        std::vector<std::weak_ptr<RedisConnection>> conns(connections_.begin(), connections_.end());
        locator_->start([conns] {
            for (const auto& w : conns)
                if (auto c = w.lock()) c->retarget();
        });
    }
    for (auto& c : connections_) c->start();
}

void RedisClient::stop() {
    if (locator_) locator_->stop();
    for (auto& c : connections_) c->stop();
}

bool RedisClient::ready() const {
    for (const auto& c : connections_)
        if (c->ready()) return true;
    return false;
}

bool RedisClient::answering(std::chrono::milliseconds within) const {
    // One server behind every connection: a connection that is up but stuck means Redis is.
    bool up = false;
    for (const auto& c : connections_) {
        if (!c->ready()) continue;
        if (!c->answering(within)) return false;
        up = true;
    }
    return up;
}

void RedisClient::dispatch(std::vector<std::string> args, RedisHandler handler) {
    const std::size_t n = connections_.size();
    const std::size_t start = next_.fetch_add(1, std::memory_order_relaxed);
    for (std::size_t i = 0; i < n; ++i) {
        auto& c = connections_[(start + i) % n];
        if (c->ready()) {
            c->command(std::move(args), std::move(handler));
            return;
        }
    }
    if (observer_) observer_(std::chrono::nanoseconds(0), "unavailable");
    complete(std::move(handler), redis_errc::unavailable, {}, ioc_.get_executor());
}

asio::awaitable<RedisResult> RedisClient::pipeline(std::vector<std::vector<std::string>> commands) {
    auto token = asio::as_tuple(asio::use_awaitable);
    auto [ec, reply] = co_await asio::async_initiate<decltype(token),
                                                     void(boost::system::error_code, RedisReply)>(
        [this](auto handler, std::vector<std::vector<std::string>> cmds) {
            const std::size_t n = connections_.size();
            const std::size_t start = next_.fetch_add(1, std::memory_order_relaxed);
            for (std::size_t i = 0; i < n; ++i) {
                auto& c = connections_[(start + i) % n];
                if (c->ready()) {
                    c->pipeline(std::move(cmds), RedisHandler(std::move(handler)));
                    return;
                }
            }
            if (observer_) observer_(std::chrono::nanoseconds(0), "unavailable");
            complete(RedisHandler(std::move(handler)), redis_errc::unavailable, {},
                     ioc_.get_executor());
        },
        token, std::move(commands));
    co_return RedisResult{ec, std::move(reply)};
}

asio::awaitable<RedisResult> RedisClient::command(std::vector<std::string> args) {
    auto [ec, reply] =
        co_await async_command(std::move(args), asio::as_tuple(asio::use_awaitable));
    co_return RedisResult{ec, std::move(reply)};
}

RedisCall RedisCall::eval(const RedisScript& script, std::vector<std::string> keys,
                          std::vector<std::string> args) {
    RedisCall call;
    call.script = &script;
    call.command.reserve(3 + keys.size() + args.size());
    call.command.push_back("EVALSHA");
    call.command.push_back(script.sha1);
    call.command.push_back(std::to_string(keys.size()));
    for (auto& k : keys) call.command.push_back(std::move(k));
    for (auto& a : args) call.command.push_back(std::move(a));
    return call;
}

namespace {

bool script_missing(const RedisResult& r) {
    return !r.ec && r.reply.is_error() && r.reply.str.rfind("NOSCRIPT", 0) == 0;
}

// The EVALSHA of a script as the EVAL that runs and caches it.
void run_by_source(RedisCall& call) {
    call.command[0] = "EVAL";
    call.command[1] = call.script->source;
}

}  // namespace

asio::awaitable<RedisResult> RedisClient::eval(const RedisScript& script,
                                               std::vector<std::string> keys,
                                               std::vector<std::string> args) {
    RedisCall call = RedisCall::eval(script, std::move(keys), std::move(args));
    RedisResult r = co_await command(call.command);
    if (script_missing(r)) {
        // First run on this Redis (or after a restart or SCRIPT FLUSH): EVAL also caches it.
        run_by_source(call);
        r = co_await command(std::move(call.command));
    }
    co_return r;
}

asio::awaitable<std::vector<RedisResult>> RedisClient::batch(std::vector<RedisCall> calls) {
    std::vector<RedisResult> out(calls.size());
    if (calls.empty()) co_return out;
    // The pipeline takes the commands; a script's is kept for its EVAL should Redis lack it.
    std::vector<std::vector<std::string>> commands;
    commands.reserve(calls.size());
    for (auto& c : calls) commands.push_back(c.script ? c.command : std::move(c.command));
    // pipeline() answers with one element per command, or with a transport error.
    auto spread = [&out](RedisResult r, const std::vector<std::size_t>& at) {
        for (std::size_t j = 0; j < at.size(); ++j) {
            if (r.ec) out[at[j]] = RedisResult{r.ec, {}};
            else out[at[j]].reply = std::move(r.reply.elements[j]);
        }
    };
    std::vector<std::size_t> at(calls.size());
    for (std::size_t i = 0; i < at.size(); ++i) at[i] = i;
    spread(co_await pipeline(std::move(commands)), at);
    at.clear();
    std::vector<std::vector<std::string>> again;
    for (std::size_t i = 0; i < calls.size(); ++i) {
        if (!calls[i].script || !script_missing(out[i])) continue;
        run_by_source(calls[i]);
        at.push_back(i);
        again.push_back(std::move(calls[i].command));
    }
    if (!again.empty()) spread(co_await pipeline(std::move(again)), at);
    co_return out;
}

namespace {

bool function_missing(const RedisReply& r) {
    return r.is_error() && r.str.rfind("ERR Function not found", 0) == 0;
}

std::vector<std::string> fcall_command(std::string function, std::vector<std::string> keys,
                                       std::vector<std::string> args) {
    std::vector<std::string> cmd;
    cmd.reserve(3 + keys.size() + args.size());
    cmd.push_back("FCALL");
    cmd.push_back(std::move(function));
    cmd.push_back(std::to_string(keys.size()));
    for (auto& k : keys) cmd.push_back(std::move(k));
    for (auto& a : args) cmd.push_back(std::move(a));
    return cmd;
}

}  // namespace

asio::awaitable<std::pair<RedisResult, RedisResult>> RedisClient::fcall_and_wait(
    const RedisLibrary& library, std::string function, std::vector<std::string> keys,
    std::vector<std::string> args, int replicas, std::chrono::milliseconds timeout) {
    std::vector<std::string> cmd = fcall_command(std::move(function), std::move(keys), std::move(args));
    const std::vector<std::string> wait{"WAIT", std::to_string(replicas),
                                        std::to_string(timeout.count())};
    // WAIT counts the replicas that have this connection's writes so far, so it must go on
    // the connection of the FCALL, right after it: one pipeline.
    auto split = [](RedisResult r) {
        if (r.ec || r.reply.elements.size() != 2)
            return std::pair<RedisResult, RedisResult>{RedisResult{r.ec, {}}, RedisResult{r.ec, {}}};
        return std::pair<RedisResult, RedisResult>{RedisResult{{}, std::move(r.reply.elements[0])},
                                                   RedisResult{{}, std::move(r.reply.elements[1])}};
    };
    // Named vectors, not braced lists, across co_await: GCC 12 miscompiles an
    // initializer_list's array in a coroutine frame ("array used as initializer").
    std::vector<std::vector<std::string>> both{cmd, wait};
    std::pair<RedisResult, RedisResult> out = split(co_await pipeline(both));
    if (out.first.ec || !function_missing(out.first.reply)) co_return out;
    std::vector<std::string> load{"FUNCTION", "LOAD", library.source};
    RedisResult loaded = co_await command(std::move(load));
    if (loaded.ec) co_return std::pair<RedisResult, RedisResult>(loaded, loaded);
    if (loaded.reply.is_error() && loaded.reply.str.find("already exists") == std::string::npos)
        co_return std::pair<RedisResult, RedisResult>(loaded, RedisResult{});
    co_return split(co_await pipeline(std::move(both)));
}

asio::awaitable<RedisResult> RedisClient::fcall(const RedisLibrary& library,
                                                std::string function,
                                                std::vector<std::string> keys,
                                                std::vector<std::string> args) {
    std::vector<std::string> cmd = fcall_command(std::move(function), std::move(keys), std::move(args));
    RedisResult r = co_await command(cmd);
    if (r.ec || !function_missing(r.reply)) co_return r;
    // First call on this Redis (or after a restart without persistence, or FUNCTION FLUSH).
    std::vector<std::string> load{"FUNCTION", "LOAD", library.source};
    RedisResult loaded = co_await command(std::move(load));
    if (loaded.ec) co_return loaded;
    // "already exists": another connection or instance loaded it first, which is as good.
    if (loaded.reply.is_error() && loaded.reply.str.find("already exists") == std::string::npos)
        co_return loaded;
    co_return co_await command(std::move(cmd));
}

}  // namespace advieslijn
