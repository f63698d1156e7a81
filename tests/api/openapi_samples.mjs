// Real answers of the API for the objects docs/openapi.json describes:
// made by tests/api/openapi.test.mjs on its stack (a person, a group with
// a post, a comment, a folder and a file, a conversation with a message,
// an event, a notification), each {name, route, status, body}.
import { adminClient, newUser, unique, eventually } from './client.mjs';

export async function samples() {
  const admin = await adminClient();
  const ana = await newUser(admin, { name: `Ana ${unique()}` });
  const ben = await newUser(admin, { name: `Ben ${unique()}` });
  const out = [];
  const take = (route, r, name, pick = (b) => b) => {
    if (r.status >= 300) throw new Error(`${route}: ${r.status} ${r.text}`);
    out.push({ name, route, status: r.status, body: pick(r.body), whole: r.body });
    return r.body;
  };
  take('GET /me', await ana.client.get('/me'), 'me');
  take('GET /users/{id}', await ana.client.get(`/users/${ben.id}`), 'user');
  take('GET /users', await admin.get('/users?limit=5'), 'list:user');
  const g = take('POST /groups', await ana.client.post('/groups', { name: `Groupe ${unique()}`, visibility: 'public' }), 'group');
  take('GET /groups/{id}', await ana.client.get(`/groups/${g.id}`), 'group');
  take('GET /groups', await ana.client.get('/groups?limit=5'), 'list:group');
  await ben.client.post(`/groups/${g.id}/join`, {});
  const p = take('POST /groups/{id}/posts', await ana.client.post(`/groups/${g.id}/posts`, { title: 'Titre', body: `Bonjour @[Ben](user:${ben.id}) **gras**` }), 'post');
  take('GET /posts/{id}', await ben.client.get(`/posts/${p.id}`), 'post');
  take('GET /groups/{id}/posts', await ben.client.get(`/groups/${g.id}/posts`), 'list:post');
  take('POST /posts/{id}/comments', await ben.client.post(`/posts/${p.id}/comments`, { body: 'Merci !' }), 'comment');
  take('GET /posts/{id}/comments', await ana.client.get(`/posts/${p.id}/comments`), 'list:comment');
  const drive = take('GET /drive', await ana.client.get('/drive'), 'drive');
  const f = take('POST /folders', await ana.client.post('/folders', { parent_id: drive.root_folder_id, name: `Dossier ${unique()}` }), 'folder');
  take('GET /folders/{id}', await ana.client.get(`/folders/${f.id}`), 'folder');
  const up = await ana.client.request('PUT', `/folders/${f.id}/files/note.txt`, undefined, { raw: 'une note', headers: { 'Content-Type': 'text/plain' } });
  const file = take('PUT /folders/{id}/files/{name}', up, 'file');
  take('GET /files/{id}', await ana.client.get(`/files/${file.id}`), 'file');
  const conv = take('POST /conversations', await ana.client.post('/conversations', { participants: [ben.id] }), 'conversation');
  take('GET /conversations/{id}', await ana.client.get(`/conversations/${conv.id}`), 'conversation');
  take('POST /conversations/{id}/messages', await ana.client.post(`/conversations/${conv.id}/messages`, { body: 'Salut' }), 'message');
  take('GET /conversations/{id}/messages', await ben.client.get(`/conversations/${conv.id}/messages`), 'list:message');
  take('GET /conversations', await ben.client.get('/conversations'), 'list:conversation');
  const start = new Date(Date.now() + 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const end = new Date(Date.now() + 90000e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const ev = take('POST /groups/{id}/events', await ana.client.post(`/groups/${g.id}/events`, { title: 'Réunion', start, end }), 'event');
  take('GET /events/{id}', await ben.client.get(`/events/${ev.id}`), 'event');
  await eventually(async () => (await ben.client.get('/notifications')).body.items.length > 0, 15000, 'a notification for Ben');
  take('GET /notifications', await ben.client.get('/notifications'), 'list:notification');
  take('GET /me/tokens', await ana.client.get('/me/tokens'), 'list:token');
  take('GET /health', await ana.client.get('/health'), 'health');
  const err = await ana.client.get('/posts/999999999');
  out.push({ name: 'error', route: 'GET /posts/{id}', status: err.status, body: err.body, whole: err.body });
  return out;
}
