"""What the command line and the screen both draw, with rich: the 3x5 card's faces, the
call sheet beside a call, the scoreboard, and the words for what the method decided."""
