import ArgumentParser
import Bounds
import Checker
import Engine

// The library enums that options take, read by the argument parser from their raw values: a
// value outside the enum is one line naming the flag and the allowed values, and `--help` lists
// the values.
extension PruningScope: ExpressibleByArgument {}
extension ModelKind: ExpressibleByArgument {}
extension LossKind: ExpressibleByArgument {}
extension LossReduction: ExpressibleByArgument {}
extension LossConvention: ExpressibleByArgument {}
extension KernelChoice: ExpressibleByArgument {}
extension NeuronMaskScore: ExpressibleByArgument {}
extension GreedyForwardSelection.Variant.Name: ExpressibleByArgument {}
