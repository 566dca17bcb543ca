package api

import (
	"io"
	"net"
	"sync"
	"time"
)

// lingerListener makes the server's connections linger at close, as nginx's
// lingering_close does: the server stops writing, then reads and drops what the client
// still sends for a while before closing. fasthttp answers a body past the upload limit
// with 413 before reading it and closes the connection; closed at once, the unread body
// makes the client's system reset the connection and drop the answer, and the client
// sees "connection reset" instead of the message naming the limit.
type lingerListener struct{ net.Listener }

// lingerTime and lingerBytes bound what a closing connection reads and drops.
const (
	lingerTime  = 5 * time.Second
	lingerBytes = 1 << 30
)

func (l lingerListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	if tc, ok := c.(*net.TCPConn); ok {
		return &lingerConn{TCPConn: tc}, nil
	}
	return c, nil
}

type lingerConn struct {
	*net.TCPConn
	once sync.Once
}

// Close sends what was written and the end of it, then drains the client's side in the
// background and closes.
func (c *lingerConn) Close() error {
	c.once.Do(func() {
		if err := c.TCPConn.CloseWrite(); err != nil {
			c.TCPConn.Close()
			return
		}
		go func() {
			c.TCPConn.SetReadDeadline(time.Now().Add(lingerTime))
			io.CopyN(io.Discard, c.TCPConn, lingerBytes)
			c.TCPConn.Close()
		}()
	})
	return nil
}
