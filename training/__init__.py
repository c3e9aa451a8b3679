"""Training workspace for This Symbol Does Not Exist: corpus, DCGAN, evaluation, TensorFlow.js export."""
