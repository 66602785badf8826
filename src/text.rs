//! Text from the backlog file made safe for a terminal and measured in cells.
