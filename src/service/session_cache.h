// Internal to service/ (sign_in.cc, users.cc, password_reset.cc): the
// sessions Authenticate answered lately, one cache per Database.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "core/clock.h"
#include "service/accounts.h"

namespace tandem::service::internal {

using std::chrono::seconds;

// Authenticate's answers, for a few seconds, by token hash. A hit
// is a hash, a shared lock and a copy. Sharded to keep lock contention low.
class SessionCache {
 public:
  static constexpr seconds kTtl{5};
  static constexpr std::size_t kShards = 16;
  static constexpr std::size_t kMaxPerShard = 8192;

  struct Entry {
    std::optional<SessionInfo> info;  // nullopt: known not to be a live session
    SysSeconds expires{};             // of the session
    SysSeconds stale_at{};            // of this entry
    SysSeconds extend_at{};           // when the session should be extended
  };

  // The entry for `key` if it is fresh at `now`.
  std::optional<Entry> Get(const std::string& key, SysSeconds now) {
    Shard& shard = ShardOf(key);
    std::shared_lock lock(shard.mutex);
    auto it = shard.entries.find(key);
    if (it == shard.entries.end() || it->second.stale_at <= now) return std::nullopt;
    return it->second;
  }

  // Bumped by every erase. A reader takes it before reading the database
  // and passes it to Put, which then stores nothing if an erase came in
  // between: an answer read before a sign-out or a disabling committed must
  // not be kept after it.
  std::uint64_t Epoch() const { return epoch_.load(std::memory_order_acquire); }

  void Put(const std::string& key, Entry entry, SysSeconds now, std::uint64_t epoch) {
    Shard& shard = ShardOf(key);
    std::unique_lock lock(shard.mutex);
    if (epoch_.load(std::memory_order_acquire) != epoch) return;
    if (shard.entries.size() >= kMaxPerShard) {
      std::erase_if(shard.entries, [&](const auto& kv) { return kv.second.stale_at <= now; });
      if (shard.entries.size() >= kMaxPerShard) shard.entries.clear();
    }
    shard.entries[key] = std::move(entry);
  }

  void Erase(const std::string& key) {
    epoch_.fetch_add(1, std::memory_order_acq_rel);
    Shard& shard = ShardOf(key);
    std::unique_lock lock(shard.mutex);
    shard.entries.erase(key);
  }

  // Forgets every cached session of the user (after ending them).
  void EraseUser(std::int64_t user_id) {
    epoch_.fetch_add(1, std::memory_order_acq_rel);
    for (Shard& shard : shards_) {
      std::unique_lock lock(shard.mutex);
      std::erase_if(shard.entries, [&](const auto& kv) {
        return kv.second.info && kv.second.info->user.id == user_id;
      });
    }
  }

 private:
  struct Shard {
    std::shared_mutex mutex;
    std::unordered_map<std::string, Entry> entries;
  };
  Shard& ShardOf(const std::string& key) {
    return shards_[std::hash<std::string>{}(key) % kShards];
  }
  std::array<Shard, kShards> shards_;
  std::atomic<std::uint64_t> epoch_{0};
};

}  // namespace tandem::service::internal
