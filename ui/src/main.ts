// Entry point: styles, then the app shell.

import './styles/theme.css';
import './styles/base.css';
import './styles/header.css';
import './styles/search.css';
import './styles/reader.css';
import './styles/prose.css';
import './styles/dashboard.css';
import './styles/flow.css';
import './styles/editor.css';
import './styles/team.css';
import './styles/first-run.css';
import { App } from './app';

const root = document.getElementById('app');
if (root) void new App(root).start();
