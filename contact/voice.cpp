#include "contact/voice.hpp"

#include <spdlog/spdlog.h>

#include "common/log.hpp"

namespace advieslijn::contact {

asio::awaitable<VoiceOutcome> VoiceCalls::step(VoiceWebhook which, routing::VoiceRequest req) {
    std::optional<RedisResult> stored;  // the call's state as Redis had it
    if (which == VoiceWebhook::incoming) {
        // Take the first step as if there were no state and store it only if there is none;
        // a retry gets the stored state back and is answered from it below.
        const routing::VoiceStep fresh = routing::voice_incoming(ctx_, std::nullopt, req);
        if (!fresh.refused) {
            RedisResult r = co_await store_.voice_start(fresh.state.tenant_id, req.call_sid,
                                                       routing::encode_voice_state(fresh.state));
            if (r.ok() && r.reply.is_nil()) co_return co_await finish(fresh, which, req, false);
            stored = std::move(r);
        }
    }
    if (!stored) {
        // The call's keys carry its tenant, the one the dialled number belongs to; a number
        // of no tenant has no state (and is refused below).
        const Tenant* tenant = ctx_.tenants.by_number(req.to);
        if (tenant) stored = co_await store_.voice_load(tenant->id, req.call_sid);
        else stored = RedisResult{};  // a nil reply: no state
    }
    if (!stored->ok()) {
        // Without state the step cannot be taken safely. Twilio does not retry a failed voice
        // webhook: an error status would end the call with its own "application error".
        if (which == VoiceWebhook::status) co_return VoiceOutcome{VoiceOutcome::Kind::unavailable, {}};
        spdlog::error("voice: state of call {} unavailable ({}); answered with the apology",
                      req.call_sid, stored->error_message());
        co_return VoiceOutcome{VoiceOutcome::Kind::apology, routing::voice_unavailable(ctx_, req)};
    }
    std::optional<routing::VoiceState> state;
    if (!stored->reply.is_nil()) state = routing::decode_voice_state(stored->reply.str);

    routing::VoiceStep step;
    switch (which) {
        case VoiceWebhook::incoming: step = routing::voice_incoming(ctx_, state, req); break;
        case VoiceWebhook::gather: step = routing::voice_gather(ctx_, state, req); break;
        case VoiceWebhook::dial: step = routing::voice_dial(ctx_, state, req); break;
        case VoiceWebhook::status: step = routing::voice_status(ctx_, state, req); break;
    }
    if (step.replay) co_return VoiceOutcome{VoiceOutcome::Kind::twiml, step.twiml};
    if (which == VoiceWebhook::dial && !step.state.transfer_status.empty())
        spdlog::info("voice: call {} put through to {}: {}{}", req.call_sid,
                     mask_phone(step.state.transfer_to), step.state.transfer_status,
                     step.task ? ", urgent callback task" : "");
    if (step.task) {
        auto created = co_await tasks_.create(*step.task);
        auto gaps = std::move(step.gaps);
        auto counts = std::move(step.counts);
        step = routing::voice_task_done(ctx_, std::move(step.state), created);
        step.gaps = std::move(gaps);
        step.counts = std::move(counts);
    }
    // A refused call (no tenant, no state) keeps none.
    co_return co_await finish(step, which, req, !step.refused);
}

asio::awaitable<VoiceOutcome> VoiceCalls::finish(const routing::VoiceStep& step, VoiceWebhook which,
                                                 const routing::VoiceRequest& req, bool save) {
    // The state first, then what the step counted, all in one round trip: each round trip
    // costs the gateway's I/O thread about as much CPU as the routing step itself (issue 19).
    std::vector<RedisCall> writes;
    if (save)
        writes.push_back(store_.voice_save_call(step.state.tenant_id, req.call_sid,
                                                routing::encode_voice_state(step.state)));
    auto add = [&writes](std::vector<RedisCall> more) {
        for (auto& c : more) writes.push_back(std::move(c));
    };
    add(stats_.writes(step.feedback));
    add(stats_.writes(step.counts));
    add(gaps_.writes(step.gaps, "voice:" + step.state.call_sid));
    if (step.outcome) writes.push_back(stats_.write(*step.outcome));
    const std::vector<RedisResult> written = co_await redis_.batch(std::move(writes));
    // Logged, not answered with the apology: the step was taken (a task it asked for exists),
    // and the next webhook takes its step from the state before this one.
    if (save && !written.front().ok())
        spdlog::error("voice: could not store the state of call {}: {}", req.call_sid,
                      written.front().error_message());
    if (which == VoiceWebhook::status) co_return VoiceOutcome{VoiceOutcome::Kind::no_content, {}};
    co_return VoiceOutcome{VoiceOutcome::Kind::twiml, step.twiml};
}

}  // namespace advieslijn::contact
