//! Zhengwu
