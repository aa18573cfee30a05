import CLI
import LinearAlgebra

BLASRuntime.ensureVectorKernels()
LTH.run()
