#pragma once
// Where the Redis primary is, according to Redis Sentinel (used by RedisClient).
//
// The locator keeps one command connection and one subscriber connection per sentinel.
// refresh() asks the sentinels in turn (SENTINEL get-master-addr-by-name) until one answers;
// a +switch-master notice on any sentinel names the new primary directly. Whenever the
// answer changes, the client's connections are told to retarget. Sentinels only know where
// the primary is said to be: each data connection still checks with ROLE that the server it
// reached is a master (the answer can be stale during a failover).
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/redis_client.hpp"

namespace advieslijn {

class SentinelLocator : public std::enable_shared_from_this<SentinelLocator> {
public:
    // `options`: the client's options (sentinels, master_name, timeouts).
    SentinelLocator(asio::io_context& ioc, const RedisOptions& options);

    // `changed` runs (on the locator's strand) each time the primary's address changes.
    // Call once, before anything else.
    void start(std::function<void()> changed);
    void stop();

    // The primary's host and port as last heard; nullopt before the first answer.
    std::optional<RedisEndpoint> primary() const;
    // Asks the sentinels again; calls that come while asking are folded into one more round.
    void refresh();

private:
    asio::awaitable<void> ask();
    void learned(std::string host, std::uint16_t port, const char* how);
    void notice(const RedisReply& message);

    asio::io_context& ioc_;
    asio::strand<asio::io_context::executor_type> strand_;
    std::string master_name_;
    std::vector<RedisOptions> sentinel_options_;
    std::vector<std::shared_ptr<RedisConnection>> queries_;
    std::vector<std::shared_ptr<RedisConnection>> watchers_;
    std::function<void()> changed_;  // on the strand
    bool asking_ = false, again_ = false, stopped_ = false;
    mutable std::mutex mu_;
    std::optional<RedisEndpoint> primary_;  // guarded by mu_
};

// "<master name> <old ip> <old port> <new ip> <new port>", the payload of +switch-master.
struct SwitchMaster {
    std::string master_name;
    std::string host;
    std::uint16_t port = 0;
};
std::optional<SwitchMaster> parse_switch_master(const std::string& payload);

}  // namespace advieslijn
