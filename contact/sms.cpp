#include "contact/sms.hpp"

#include <spdlog/spdlog.h>

#include "common/log.hpp"

namespace advieslijn::contact {

asio::awaitable<SmsOutcome> SmsThreads::step(const std::string& tenant_id, routing::SmsRequest req) {
    const std::string thread = tenant_id.empty() ? "-" : tenant_id;
    req.at_ms = unix_ms(clock_.now());
    RedisResult stored = co_await store_.sms_load(thread, req.from);
    if (!stored.ok()) {
        // Twilio sends nothing on an error status: the person would be left without a reply.
        spdlog::error("sms: thread of {} unavailable ({}); answered with the apology",
                      mask_phone(req.from), stored.error_message());
        co_return SmsOutcome{true, routing::sms_unavailable(ctx_, req)};
    }
    std::optional<routing::SmsState> state;
    if (!stored.reply.is_nil()) state = routing::decode_sms_state(stored.reply.str);
    routing::SmsStep step = routing::sms_message(ctx_, state, req);
    if (step.replay) co_return SmsOutcome{false, step.twiml};
    auto gaps = std::move(step.gaps);
    auto counts = std::move(step.counts);
    if (step.task) {
        auto created = co_await tasks_.create(*step.task);
        step = routing::sms_task_done(ctx_, std::move(step.state), created);
    } else if (step.terms_update) {
        const auto update = std::move(*step.terms_update);
        const bool saved = co_await tasks_.update_terms(update);
        step = routing::sms_terms_done(ctx_, std::move(step.state), update, saved);
    }
    // The thread's state first, then what the message counted, in one round trip (issue 19),
    // as a voice step does.
    const std::string conversation = "sms:" + thread + ":" + req.from;
    std::vector<RedisCall> writes;
    if (!step.refused)
        writes.push_back(store_.sms_save_call(thread, req.from, routing::encode_sms_state(step.state)));
    auto add = [&writes](std::vector<RedisCall> more) {
        for (auto& c : more) writes.push_back(std::move(c));
    };
    add(stats_.writes(step.feedback));
    add(stats_.writes(counts));
    add(gaps_.writes(gaps, conversation));
    const std::vector<RedisResult> written = co_await store_.write(std::move(writes));
    if (!step.refused && !written.front().ok())
        spdlog::error("sms: could not store the thread of {}: {}", mask_phone(req.from),
                      written.front().error_message());
    co_return SmsOutcome{false, step.twiml};
}

}  // namespace advieslijn::contact
