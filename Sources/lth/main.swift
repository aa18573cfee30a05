import LTHCommands
import LinearAlgebra

BLASRuntime.ensureVectorKernels()
LTH.run()
