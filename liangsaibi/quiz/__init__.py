"""党务知识测试 (docs/党务知识测试.md): the 题库, tests on phones, marking, the close into the quarter, analysis."""
