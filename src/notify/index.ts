// notify: tells the world after a publish; WebSub hub pings with got, never throwing, never blocking a build.
// Knows only URLs; must not import build, formats, publish, serve, schedule or cli.
export { type HubPingResult, type PingOptions, pingHubs } from './ping-hubs.js';
