#include "lab/experiments/image_mlp.h"

#include <map>
#include <memory>
#include <mutex>
#include <tuple>

namespace actlab::lab {

ImageRun TrainImageMlp(const std::string& activation, const ImageData& data, const ImageMlpConfig& c,
                           std::uint64_t seed, const TrainHooks& hooks) {
  std::vector<int> sizes = {int(data.train.x.cols())};
  sizes.insert(sizes.end(), c.hidden.begin(), c.hidden.end());
  sizes.push_back(data.train.classes);
  ImageRun run{Mlp(sizes, activation), {}, 0};
  Rng rng(seed);
  const bool relu_family = activation.starts_with("relu") || activation.starts_with("leaky_relu") ||
                           activation.starts_with("prelu");
  Initialise(run.net, c.init.value_or(relu_family ? Init::kHeNormal : Init::kXavierNormal), rng);
  run.log = TrainMulticlass(run.net, data.train,
                            {.lr = c.lr, .momentum = c.momentum, .adam = c.adam, .batch = c.batch, .max_epochs = c.epochs,
                             .target_accuracy = c.stop_at_accuracy > 0 ? c.stop_at_accuracy : 2,
                             .stop_at_target = c.stop_at_accuracy > 0},
                            rng, hooks);
  run.test_accuracy = run.log.diverged ? 0 : MulticlassAccuracy(run.net, data.test);
  return run;
}

FashionBaseline& Baseline(const std::string& activation, const Context& ctx) {
  static std::mutex mutex;
  static std::map<std::tuple<std::string, bool, std::uint64_t>, std::unique_ptr<FashionBaseline>> cache;
  const std::lock_guard lock(mutex);
  auto& slot = cache[{activation, ctx.quick, ctx.seed}];
  if (!slot) {
    slot = std::make_unique<FashionBaseline>();
    // The same subset for every activation (its seed does not depend on it), so they are compared on it.
    slot->data = FashionSubset(ctx.quick ? 30 : 500, ctx.quick ? 20 : 200, ctx.seed + 4000);
    slot->config.epochs = ctx.quick ? 2 : 5;
    for (int k = 0; k < ctx.Seeds(3); ++k) {
      slot->runs.push_back(TrainImageMlp(activation, slot->data, slot->config, ctx.seed + 4100 + std::uint64_t(k)));
    }
  }
  return *slot;
}

}  // namespace actlab::lab
