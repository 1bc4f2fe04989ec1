"""Department data comparison (数据比对, S3; docs/compare.md): a department's list read with the
roster reader (`read`, `formats`), matched with the register on the list's day (`register`),
suspects raised by rule (`rules`), kept in the graph with their run (`store`), and the whole of
`fupin compare` (`run`)."""
